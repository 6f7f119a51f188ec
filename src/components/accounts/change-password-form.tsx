"use client";
import { useMutation } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { changePasswordInput, PASSWORD_MIN } from "@/lib/validation/accounts";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const form = useLiveForm(changePasswordInput, { currentPassword: "", newPassword: "" });
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => form.reset(),
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );

  return (
    <form method="post" className="form" onSubmit={form.handleSubmit((input) => change.mutate(input))} noValidate>
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        {...form.field("currentPassword")}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN} characters. Not a common password.`}
        {...form.field("newPassword")}
      />
      {change.isError && <FormAlert tone="error">{errorMessage(change.error)}</FormAlert>}
      {change.isSuccess && <FormAlert tone="success">Your password is changed. Every other session is signed out.</FormAlert>}
      <button type="submit" className="button button-primary" disabled={change.isPending}>
        {change.isPending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
