"use client";
import Link from "next/link";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { signInInput } from "@/lib/validation/accounts";
import { useSignIn } from "./use-sign-in";

export function SignInForm(props: { nextPath: string }) {
  const form = useLiveForm(signInInput, { email: "", password: "" });
  const signIn = useSignIn();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = form.handleSubmit(async (input) => {
    setPending(true);
    setError(null);
    const message = await signIn(input, props.nextPath);
    // On success the page changes; keep the button disabled until it does.
    if (message) {
      setError(message);
      setPending(false);
    }
  });

  return (
    <form method="post" className="form" onSubmit={onSubmit} noValidate aria-describedby={error ? "sign-in-error" : undefined}>
      <TextField label="Email" type="email" autoComplete="email" required {...form.field("email")} />
      <TextField label="Password" type="password" autoComplete="current-password" required {...form.field("password")} />
      {error && (
        <div id="sign-in-error">
          <FormAlert tone="error">{error}</FormAlert>
        </div>
      )}
      <button type="submit" className="button button-primary button-block" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="form-footer">
        New here? <Link href="/sign-up">Create an account</Link>
      </p>
    </form>
  );
}
