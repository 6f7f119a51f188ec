"use client";
// The owner shares the document with someone by email, to edit or to read:
// a new person is invited and listed "Invited — pending" until
// they answer; accepted, they join the list with the role chosen.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { PendingInvitations } from "@/components/invitations/pending-invitations";
import type { EventData } from "@/lib/events";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { shareDocumentInput } from "@/lib/validation/documents";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

type Person = { id: string; name: string; role: "EDITOR" | "VIEWER" };
export type AnsweredInvitation = EventData<"invitation.answered">["invitation"];

export function ShareDocumentForm(props: { documentId: string; members: Person[]; answered?: AnsweredInvitation | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pendingKey = trpc.invitations.pending.queryKey({ documentId: props.documentId });
  const [people, setPeople] = useState(props.members);
  const { answered } = props;
  useEffect(() => {
    if (!answered) return;
    void queryClient.invalidateQueries({ queryKey: pendingKey });
    if (answered.status === "ACCEPTED") {
      const person = { ...answered.invitee, role: answered.role ?? "VIEWER" };
      // eslint-disable-next-line react-hooks/set-state-in-effect -- an event from the document's channel
      setPeople((all) => [...all.filter((p) => p.id !== person.id), person]);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer
  }, [answered]);
  const form = useLiveForm(shareDocumentInput, { id: props.documentId, email: "", role: "EDITOR" });
  const share = useMutation(
    trpc.documents.share.mutationOptions({
      onSuccess: (person) => {
        if (person.status === "member") setPeople((all) => [...all.filter((p) => p.id !== person.id), person]);
        else void queryClient.invalidateQueries({ queryKey: pendingKey });
        form.reset({ id: props.documentId, email: "", role: form.values.role });
      },
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );
  const role = form.field("role");

  return (
    <section className="card" aria-labelledby="share-heading">
      <h2 id="share-heading">Share</h2>
      {people.length > 0 && (
        <ul className="presence-list">
          {people.map((p) => (
            <li key={p.id}>
              {p.name} · {p.role === "EDITOR" ? "can edit" : "can read"}
            </li>
          ))}
        </ul>
      )}
      <PendingInvitations where={{ documentId: props.documentId }} />
      <form method="post" className="form" aria-label="Share document" onSubmit={form.handleSubmit((input) => share.mutate(input))} noValidate>
        <TextField label="Email" type="email" autoComplete="off" required {...form.field("email")} />
        <div className="field">
          <label htmlFor="share-role">Access</label>
          <select id="share-role" name="role" value={role.value} onChange={(e) => role.onValueChange(e.target.value)}>
            <option value="EDITOR">Can edit</option>
            <option value="VIEWER">Can read</option>
          </select>
        </div>
        {share.isError && <FormAlert tone="error">{errorMessage(share.error)}</FormAlert>}
        {share.isSuccess && (
          <FormAlert tone="success">
            {share.data.status === "invited"
              ? `Invited ${share.data.name}: they get access once they accept.`
              : `Shared with ${share.data.name}.`}
          </FormAlert>
        )}
        <button type="submit" className="button button-primary" disabled={share.isPending}>
          {share.isPending ? "Sharing…" : "Share"}
        </button>
      </form>
    </section>
  );
}
