"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { updateProfileInput } from "@/lib/validation/accounts";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function ProfileNameForm(props: { name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useLiveForm(updateProfileInput, { name: props.name });
  const update = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: (profile) => {
        form.reset({ name: profile.name });
        router.refresh(); // the header shows the name
      },
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );

  return (
    <form method="post" className="form" onSubmit={form.handleSubmit((input) => update.mutate(input))} noValidate>
      <TextField label="Name" autoComplete="name" required {...form.field("name")} />
      {update.isError && <FormAlert tone="error">{errorMessage(update.error)}</FormAlert>}
      {update.isSuccess && form.values.name === update.data.name && (
        <FormAlert tone="success">Your name is saved.</FormAlert>
      )}
      <button type="submit" className="button button-primary" disabled={update.isPending}>
        {update.isPending ? "Saving…" : "Save name"}
      </button>
    </form>
  );
}
