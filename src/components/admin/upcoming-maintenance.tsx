"use client";
// Windows that have not ended (the same live list the banner uses), each
// with a way to call it off.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function UpcomingMaintenance() {
  const trpc = useTRPC();
  const query = useQuery(trpc.system.maintenance.queryOptions(undefined, { staleTime: Infinity }));
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.admin.cancelMaintenance.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.admin.auditLog.pathFilter()),
    }),
  );

  if (query.isPending) return <p className="muted">Loading…</p>;
  if (!query.data) return <FormAlert tone="error">{errorMessage(query.error)}</FormAlert>;
  if (query.data.windows.length === 0) return <p className="muted">Nothing scheduled.</p>;
  return (
    <>
      {cancel.isError && <FormAlert tone="error">{errorMessage(cancel.error)}</FormAlert>}
      <ul className="plain-list" aria-label="Scheduled maintenance">
        {query.data.windows.map((w) => (
          <li key={w.id}>
            <strong>{w.message}</strong> — {when(w.startsAt)} to {when(w.endsAt)}{" "}
            <button
              type="button"
              className="button button-small button-quiet"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate({ id: w.id })}
            >
              Cancel “{w.message}”
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
