"use client";
// A document's page: the shared text (loaded once, then kept by the OT
// client from the document's channel), who is here, sharing (owner), and
// the recent history with restore.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { ListSkeleton } from "@/components/ui/list-skeleton";
import { colourIndexFor, CURSOR_COLOURS } from "@/lib/documents/cursor-codec";
import { errorMessage, isNotFound, retryUnlessNotFound } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { CollaborativeTextarea } from "./collaborative-textarea";
import { DocumentHistory } from "./document-history";
import { ShareDocumentForm, type AnsweredInvitation } from "./share-document-form";
import type { Member } from "./use-document-presence";
import { Avatar } from "@/components/ui/avatar";
import "./documents.css";

export function DocumentEditor({ id, viewer }: { id: string; viewer: { id: string; name: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Loaded once per editor session: afterwards the text lives in the OT
  // client; a refetch here must not replace what the person is typing.
  const options = trpc.documents.get.queryOptions(
    { id },
    { staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false, retry: retryUnlessNotFound },
  );
  const query = useQuery(options);
  const [session, setSession] = useState(0);
  const [refused, setRefused] = useState<string | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const [version, setVersion] = useState<number | null>(null);
  const [answered, setAnswered] = useState<AnsweredInvitation | null>(null);
  const reload = useMutation({
    mutationFn: () => queryClient.fetchQuery({ ...options, staleTime: 0 }),
    onSuccess: () => setSession((n) => n + 1),
  });

  const onRefused = useCallback(
    (message: string) => {
      setRefused(message);
      reload.mutate();
    },
    [reload],
  );

  if (query.isPending) return <ListSkeleton label="Loading the document…" />;
  if (!query.data) {
    const missing = isNotFound(query.error);
    return (
      <div className="empty-state" role="alert">
        <h1>{missing ? "Document not found" : "This document could not be loaded"}</h1>
        <p>{errorMessage(query.error)}</p>
        {missing ? (
          <Link href="/docs" className="button button-primary">
            Back to documents
          </Link>
        ) : (
          <button type="button" className="button button-primary" onClick={() => void query.refetch()}>
            Try again
          </button>
        )}
      </div>
    );
  }
  const doc = query.data;

  return (
    <section className="document-page" aria-labelledby="document-title">
      <p>
        <Link href="/docs">← Documents</Link>
      </p>
      <h1 id="document-title">{doc.title}</h1>
      <p className="muted">
        Owner: {doc.owner.name}
        {doc.canEdit ? "" : " · you can read this document"}
      </p>
      {refused && (
        <FormAlert tone="error">
          {refused} The document was reloaded from the server; an edit that could not be merged was dropped.
        </FormAlert>
      )}
      <div className="document-layout">
        <div>
          <CollaborativeTextarea
            key={session}
            doc={doc}
            canEdit={doc.canEdit}
            self={viewer}
            label={`Text of ${doc.title}`}
            onRefused={onRefused}
            onMembers={setMembers}
            onVersion={setVersion}
            onInvitationAnswered={setAnswered}
          />
        </div>
        <aside className="document-side">
          {doc.canEdit && (
            <section className="card" aria-labelledby="here-heading">
              <h2 id="here-heading">Here now</h2>
              {members.length === 0 ? (
                <p className="muted">Connecting…</p>
              ) : (
                <ul className="presence-list">
                  {members.map((m) => (
                    <li key={m.id}>
                      <span
                        className="presence-dot"
                        style={{ background: CURSOR_COLOURS[colourIndexFor(m.id)] }}
                        aria-hidden="true"
                      />
                      <Avatar name={m.name} url={m.avatarUrl} size={24} />
                      {m.name}
                      {m.id === viewer.id ? " (you)" : ""}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
          {doc.role === "OWNER" && <ShareDocumentForm documentId={doc.id} members={doc.members} answered={answered} />}
          <DocumentHistory documentId={doc.id} canRestore={doc.canEdit} version={version ?? doc.version} />
        </aside>
      </div>
    </section>
  );
}
