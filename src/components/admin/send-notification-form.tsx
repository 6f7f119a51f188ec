"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { sendNotificationInput } from "@/lib/validation/notifications";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

const empty = { recipientEmail: "", title: "", body: "", link: "" };

export function SendNotificationForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useLiveForm(sendNotificationInput, empty);
  const send = useMutation(
    trpc.notifications.send.mutationOptions({
      // The recipient stays: the next message is often for the same person.
      onSuccess: (_sent, input) => {
        form.reset({ ...empty, recipientEmail: input.recipientEmail });
        void queryClient.invalidateQueries(trpc.admin.auditLog.pathFilter());
      },
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );

  return (
    <form method="post" className="form" onSubmit={form.handleSubmit((input) => send.mutate(input))} noValidate>
      <TextField
        label="Recipient's email"
        type="email"
        autoComplete="off"
        required
        {...form.field("recipientEmail")}
      />
      <TextField label="Title" required {...form.field("title")} />
      <TextField label="Message (optional)" multiline {...form.field("body")} />
      <TextField
        label="Link (optional)"
        inputMode="url"
        placeholder="/inbox or https://…"
        hint="A page of this app (starting with /) or a full http(s) address."
        {...form.field("link")}
      />
      {send.isError && <FormAlert tone="error">{errorMessage(send.error)}</FormAlert>}
      {send.isSuccess && (
        <FormAlert tone="success">
          Sent “{send.data.title}” to {send.variables.recipientEmail}.
        </FormAlert>
      )}
      <button type="submit" className="button button-primary" disabled={send.isPending}>
        {send.isPending ? "Sending…" : "Send notification"}
      </button>
    </form>
  );
}
