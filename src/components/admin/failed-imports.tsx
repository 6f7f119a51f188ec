"use client";
// Failed imports: the newest runs that failed, loaded, then kept live by the
// `import.failed` events on `private-admin`; one that fails while the page is
// open is also announced at once (role="alert"), like a dead letter.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { LoadError } from "@/components/ui/load-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { failedImportsWithEvent } from "@/lib/admin/failed-imports";
import type { FailedImportView } from "@/lib/events";
import "./admin.css";
import { channels } from "@/lib/realtime/channel-names";
import { useTRPC } from "@/trpc/react";

export function FailedImports() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.admin.failedImports.queryOptions(undefined, { staleTime: Infinity, refetchOnWindowFocus: false });
  const query = useQuery(options);
  const [alert, setAlert] = useState<FailedImportView | null>(null);

  useChannelEvents({
    channel: channels.admin(),
    baselineId: query.data?.head,
    onEvent(event) {
      const list = queryClient.getQueryData(options.queryKey);
      if (event.type === "import.failed" && list && event.id > list.head) setAlert(event.data.failure);
      queryClient.setQueryData(options.queryKey, (current) => current && failedImportsWithEvent(current, event));
    },
    async onReset() {
      return (await queryClient.fetchQuery({ ...options, staleTime: 0 })).head;
    },
  });

  if (query.isPending) return <p className="muted">Loading…</p>;
  if (!query.data) return <LoadError what="The failed imports" error={query.error} onRetry={() => void query.refetch()} />;
  const { items } = query.data;
  return (
    <>
      {alert && (
        <div data-testid="failed-import-alert">
          <FormAlert tone="error">
            Import failed just now: <strong>{alert.datasetName}</strong> of {alert.owner.name}.
          </FormAlert>
        </div>
      )}
      {items.length === 0 ? (
        <p className="muted" data-testid="failed-imports-empty">
          None: no import has failed.
        </p>
      ) : (
        <ul className="plain-list dead-letters" aria-label="Failed imports" data-testid="failed-imports">
          {items.map((failure) => (
            <li key={failure.processId} className="dead-letter" data-testid="failed-import" data-name={failure.datasetName}>
              <div>
                <strong>{failure.datasetName}</strong> of {failure.owner.name} · failed <RelativeTime iso={failure.failedAt} />
              </div>
              {failure.error && <div className="dead-letter-error">{failure.error}</div>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
