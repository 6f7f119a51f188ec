// Account forms' rules, used as the person types and again on the server.
import { z } from "zod";

// A few passwords that every guessing list starts with. Length is the main
// rule (NIST SP 800-63B): no composition rules, but no well-known password.
const commonPasswords = new Set([
  "password", "password1", "password123", "12345678", "123456789", "1234567890",
  "qwertyuiop", "qwerty123", "iloveyou", "11111111", "00000000", "abc12345",
  "letmein1", "welcome1", "admin123", "passw0rd", "sunshine", "princess",
]);

export const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;

const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`)
  .refine((p) => !commonPasswords.has(p.toLowerCase()), {
    message: "This password is too common; choose another",
  });

const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address")
  .max(254, "That email address is too long")
  .pipe(z.email("Enter a valid email address"));

const nameSchema = z
  .string()
  .trim()
  .min(1, "Enter your name")
  .max(80, "Keep your name under 80 characters");

export const signUpInput = z
  .object({ name: nameSchema, email: emailSchema, password: passwordSchema })
  .refine((v) => v.password.toLowerCase() !== v.email, {
    path: ["password"],
    message: "Your password must not be your email address",
  });

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(PASSWORD_MAX),
});

export const updateProfileInput = z.object({ name: nameSchema });

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(PASSWORD_MAX),
    newPassword: passwordSchema,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one",
  });
