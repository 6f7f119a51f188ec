import "server-only";
import { db } from "../db";
import { AppError, isUniqueViolation } from "../errors";
import { hashPassword } from "./password";

const TAKEN = "An account with this email already exists";

export async function signUp(input: { name: string; email: string; password: string }) {
  const taken = await db.user.count({ where: { email: input.email } });
  if (taken) throw new AppError("CONFLICT", TAKEN, { email: [TAKEN] });
  try {
    return await db.user.create({
      data: { name: input.name, email: input.email, passwordHash: await hashPassword(input.password) },
      select: { id: true, email: true, name: true, role: true },
    });
  } catch (error) {
    // Two sign-ups with one email at once: the unique index decides.
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", TAKEN, { email: [TAKEN] });
    }
    throw error;
  }
}
