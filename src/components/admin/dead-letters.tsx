"use client";
// Dead letters: events the realtime server kept refusing, set aside so their
// channels go on (src/server/realtime/dead-letter.ts). Loaded, then
// kept live by `private-admin` events; each can be marked resolved or sent again.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { LoadError } from "@/components/ui/load-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { deadLettersWithEvent } from "@/lib/admin/dead-letters";
import "./admin.css";
import { channels } from "@/lib/realtime/channel-names";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function DeadLetters() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.admin.deadLetters.queryOptions(undefined, { staleTime: Infinity, refetchOnWindowFocus: false });
  const query = useQuery(options);

  useChannelEvents({
    channel: channels.admin(),
    baselineId: query.data?.head,
    onEvent(event) {
      queryClient.setQueryData(options.queryKey, (list) => list && deadLettersWithEvent(list, event));
    },
    async onReset() {
      return (await queryClient.fetchQuery({ ...options, staleTime: 0 })).head;
    },
  });

  const done = { onSuccess: () => void queryClient.invalidateQueries(trpc.admin.auditLog.pathFilter()) };
  const resolve = useMutation(trpc.admin.resolveDeadLetter.mutationOptions(done));
  const retry = useMutation(trpc.admin.retryDeadLetter.mutationOptions(done));
  const failed = resolve.error ?? retry.error;
  const busy = resolve.isPending || retry.isPending;

  if (query.isPending) return <p className="muted">Loading…</p>;
  if (!query.data) return <LoadError what="The dead letters" error={query.error} onRetry={() => void query.refetch()} />;
  const { items, unresolved } = query.data;
  return (
    <>
      {failed && <FormAlert tone="error">{errorMessage(failed)}</FormAlert>}
      {items.length === 0 ? (
        <p className="muted" data-testid="dead-letters-empty">
          None: every event reached the realtime server.
        </p>
      ) : (
        <>
          <p>
            <strong data-testid="dead-letters-count">{unresolved}</strong> unresolved: their channels&apos; readers
            reloaded instead of receiving them.
          </p>
          <ul className="plain-list dead-letters" aria-label="Dead letters" data-testid="dead-letters">
            {items.map((letter) => (
              <li key={letter.id} className="dead-letter" data-testid="dead-letter">
                <div>
                  <code>{letter.type}</code> on <code>{letter.channel}</code> (event {letter.seq})
                </div>
                <div className="dead-letter-error">{letter.error}</div>
                <div className="muted">
                  {letter.attempts} attempts · created <RelativeTime iso={letter.createdAt} /> · set aside{" "}
                  <RelativeTime iso={letter.deadAt} />
                </div>
                <div className="dead-letter-actions">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy}
                    onClick={() => resolve.mutate({ id: letter.id })}
                  >
                    Mark resolved
                  </button>
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    disabled={busy}
                    onClick={() => retry.mutate({ id: letter.id })}
                  >
                    Send again
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
