"use client";
// Scheduling a maintenance message: what to say, from when, until when (in
// the admin's local time). Every open page shows it during that window.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { maintenanceFormFields } from "@/lib/validation/maintenance";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

const empty = { message: "", startsAt: "", endsAt: "" };

export function MaintenanceForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useLiveForm(maintenanceFormFields, empty);
  const schedule = useMutation(
    trpc.admin.scheduleMaintenance.mutationOptions({
      onSuccess: () => {
        form.reset();
        void queryClient.invalidateQueries(trpc.admin.auditLog.pathFilter());
      },
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );

  return (
    <form
      method="post"
      className="form"
      aria-label="Schedule maintenance"
      onSubmit={form.handleSubmit((fields) =>
        schedule.mutate({
          message: fields.message,
          startsAt: new Date(fields.startsAt).toISOString(),
          endsAt: new Date(fields.endsAt).toISOString(),
        }),
      )}
      noValidate
    >
      <TextField label="Message" required multiline {...form.field("message")} />
      <TextField label="Starts" type="datetime-local" step="1" required {...form.field("startsAt")} />
      <TextField label="Ends" type="datetime-local" step="1" required {...form.field("endsAt")} />
      {schedule.isError && <FormAlert tone="error">{errorMessage(schedule.error)}</FormAlert>}
      {schedule.isSuccess && (
        <FormAlert tone="success">Scheduled: every open page shows it from its start until its end.</FormAlert>
      )}
      <button type="submit" className="button button-primary" disabled={schedule.isPending}>
        {schedule.isPending ? "Scheduling…" : "Schedule maintenance"}
      </button>
    </form>
  );
}
