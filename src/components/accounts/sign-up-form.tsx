"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { PASSWORD_MIN, signUpInput } from "@/lib/validation/accounts";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { useSignIn } from "./use-sign-in";

export function SignUpForm() {
  const trpc = useTRPC();
  const form = useLiveForm(signUpInput, { name: "", email: "", password: "" });
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const signIn = useSignIn();
  const [error, setError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);

  const onSubmit = form.handleSubmit(async (input) => {
    setError(null);
    try {
      await signUp.mutateAsync(input);
    } catch (failure) {
      // What was typed stays; the server's reasons appear by their fields.
      form.setServerErrors(serverFieldErrors(failure));
      setError(errorMessage(failure));
      return;
    }
    setSigningIn(true);
    const message = await signIn({ email: input.email, password: input.password }, "/");
    if (message) {
      setSigningIn(false);
      setError(`Your account is ready, but signing in failed: ${message}`);
    }
  });

  const pending = signUp.isPending || signingIn;
  return (
    <form method="post" className="form" onSubmit={onSubmit} noValidate>
      <TextField label="Name" autoComplete="name" required {...form.field("name")} />
      <TextField label="Email" type="email" autoComplete="email" required {...form.field("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN} characters. Not a common password.`}
        {...form.field("password")}
      />
      {error && (
        <FormAlert tone="error">
          {error}
          {signUp.isSuccess && (
            <>
              {" "}
              <Link href="/sign-in">Sign in</Link>
            </>
          )}
        </FormAlert>
      )}
      <button type="submit" className="button button-primary button-block" disabled={pending}>
        {signingIn ? "Signing in…" : signUp.isPending ? "Creating your account…" : "Create account"}
      </button>
      <p className="form-footer">
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </form>
  );
}
