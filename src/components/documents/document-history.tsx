"use client";
// Who changed what recently, newest first, and "Restore": the server turns the
// current text back into that version's as a new edit, so everyone converges.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { RelativeTime } from "@/components/ui/relative-time";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function DocumentHistory(props: { documentId: string; canRestore: boolean; version: number }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const history = useQuery(trpc.documents.history.queryOptions({ id: props.documentId, limit: 100 }, { enabled: open }));
  const restore = useMutation(trpc.documents.restore.mutationOptions());
  const { refetch } = history;

  // While open, follow the document: at most one reload a second, however fast people type.
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => void refetch(), 1_000);
    return () => clearTimeout(timer);
  }, [open, props.version, refetch]);

  return (
    <details className="card" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2>History</h2>
      </summary>
      {restore.isError && <FormAlert tone="error">{errorMessage(restore.error)}</FormAlert>}
      {restore.isSuccess && <FormAlert tone="success">Restored; everyone now sees that version.</FormAlert>}
      {history.isPending ? (
        <p className="muted">Loading…</p>
      ) : !history.data ? (
        <p role="alert">{errorMessage(history.error)}</p>
      ) : history.data.length === 0 ? (
        <p className="muted">No changes yet.</p>
      ) : (
        <ol className="history-list">
          {history.data.map((entry) => (
            <li key={entry.version}>
              <p>
                <strong>{entry.author?.name ?? "Someone"}</strong> · v{entry.version} · <RelativeTime iso={entry.createdAt} />
              </p>
              <p className="history-change">
                {entry.inserted && <ins>{entry.inserted}</ins>}
                {entry.deletedCount > 0 && (
                  <del>{entry.deleted || `${entry.deletedCount} character${entry.deletedCount === 1 ? "" : "s"}`}</del>
                )}
              </p>
              {props.canRestore && (
                <button
                  type="button"
                  className="button button-small"
                  disabled={restore.isPending}
                  onClick={() => {
                    if (window.confirm(`Restore the text as it was at version ${entry.version}?`)) {
                      restore.mutate({ id: props.documentId, version: entry.version });
                    }
                  }}
                >
                  Restore v{entry.version}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
