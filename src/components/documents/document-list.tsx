"use client";
// The person's documents (owned and shared with them) and "New document".
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { ListSkeleton } from "@/components/ui/list-skeleton";
import { LoadError } from "@/components/ui/load-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { createDocumentInput } from "@/lib/validation/documents";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import "./documents.css";

const roleLabel = { OWNER: "Owner", EDITOR: "Can edit", VIEWER: "Can read" } as const;

export function DocumentList() {
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(trpc.documents.list.queryOptions());
  const form = useLiveForm(createDocumentInput, { title: "" });
  const create = useMutation(
    trpc.documents.create.mutationOptions({
      onSuccess: (doc) => router.push(`/docs/${doc.id}`),
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );

  return (
    <section className="documents" aria-labelledby="documents-heading">
      <h1 id="documents-heading">Documents</h1>
      <form
        method="post"
        className="form card"
        aria-label="New document"
        onSubmit={form.handleSubmit((input) => create.mutate(input))}
        noValidate
      >
        <h2>New document</h2>
        <TextField label="Title" required {...form.field("title")} />
        {create.isError && <FormAlert tone="error">{errorMessage(create.error)}</FormAlert>}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create and open"}
        </button>
      </form>

      {list.isPending ? (
        <ListSkeleton label="Loading documents…" />
      ) : !list.data ? (
        <LoadError what="Your documents" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <div className="empty-state">
          <h2>No documents yet</h2>
          <p>Create one above, then share it with the people who should write or read it.</p>
        </div>
      ) : (
        <ul className="document-list">
          {list.data.map((doc) => (
            <li key={doc.id} className="card">
              <Link href={`/docs/${doc.id}`} className="document-link">
                {doc.title}
              </Link>
              <p className="muted">
                {roleLabel[doc.role]} · by {doc.owner.name} · changed <RelativeTime iso={doc.updatedAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
