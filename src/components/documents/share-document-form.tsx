"use client";
// The owner shares the document with someone by email, to edit or to read.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { shareDocumentInput } from "@/lib/validation/documents";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

type Person = { id: string; name: string; role: "EDITOR" | "VIEWER" };

export function ShareDocumentForm(props: { documentId: string; members: Person[] }) {
  const trpc = useTRPC();
  const [people, setPeople] = useState(props.members);
  const form = useLiveForm(shareDocumentInput, { id: props.documentId, email: "", role: "EDITOR" });
  const share = useMutation(
    trpc.documents.share.mutationOptions({
      onSuccess: (person) => {
        setPeople((all) => [...all.filter((p) => p.id !== person.id), person]);
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
        {share.isSuccess && <FormAlert tone="success">Shared with {share.data.name}.</FormAlert>}
        <button type="submit" className="button button-primary" disabled={share.isPending}>
          {share.isPending ? "Sharing…" : "Share"}
        </button>
      </form>
    </section>
  );
}
