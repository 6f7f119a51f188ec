"use client";
// "Online now", by name: the newest few people online with their
// avatar, and "and N more". Read from the server (OnlineUser, kept by the
// realtime server's webhooks), so it has no presence channel's 100-member
// limit; `people.online` events on the feed move it by diff, redrawn at most
// every 250 ms. When it can no longer tell who is shown (someone shown left
// while more are online), it reads the list again, at most once a second.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { Avatar } from "@/components/ui/avatar";
import { RelativeTime } from "@/components/ui/relative-time";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { moreLine, onlineListWithEvent, type OnlineList } from "@/lib/dashboard/online";
import { channels } from "@/lib/realtime/channel-names";
import { errorMessage } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { useBatchedValue } from "./use-batched-value";
import "./online-people.css";

type Snapshot = RouterOutputs["dashboard"]["onlinePeople"];

const RELOAD_AFTER_MS = 1_000;

export function OnlinePeopleList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Events keep it current; a background refetch would only race them.
  const options = trpc.dashboard.onlinePeople.queryOptions(undefined, { staleTime: Infinity, refetchOnWindowFocus: false });
  const query = useQuery(options);
  const reload = useCallback(
    () => queryClient.fetchQuery({ ...options, staleTime: 0 }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the options are fixed
    [queryClient, trpc],
  );
  if (query.isPending) return <p className="muted">Loading who is online…</p>;
  if (!query.data) {
    return (
      <div role="alert">
        <p className="muted">{errorMessage(query.error)}</p>
        <button type="button" className="button button-small" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return <LiveList key={query.dataUpdatedAt} snapshot={query.data} reload={reload} />;
}

function LiveList({ snapshot, reload }: { snapshot: Snapshot; reload: () => Promise<Snapshot> }) {
  const [list, update] = useBatchedValue<OnlineList>({ people: snapshot.people, count: snapshot.count });
  const current = useRef<OnlineList>({ people: snapshot.people, count: snapshot.count });
  const applied = useRef(snapshot.head);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (reloadTimer.current) clearTimeout(reloadTimer.current);
  }, []);

  useChannelEvents({
    channel: channels.feed(),
    baselineId: snapshot.head,
    onEvent(event) {
      if (event.id <= applied.current) return;
      applied.current = event.id;
      if (event.type !== "people.online") return;
      const next = onlineListWithEvent(current.current, event.data);
      current.current = { people: next.people, count: next.count };
      update(() => current.current);
      if (next.stale && !reloadTimer.current) {
        reloadTimer.current = setTimeout(() => void reload(), RELOAD_AFTER_MS);
      }
    },
    async onReset() {
      return (await reload()).head;
    },
  });

  const more = moreLine(list);
  if (list.people.length === 0) return null;
  return (
    <>
      <ul className="online-people" data-testid="online-people" aria-label="People online now">
        {list.people.map((p) => (
          <li key={p.id} data-testid="online-person" data-user-id={p.id}>
            <Avatar name={p.name} url={p.avatarUrl} size={28} />
            <span className="online-person-name">{p.name}</span>
            <span className="online-person-status muted">
              online since <RelativeTime iso={p.since} />
            </span>
          </li>
        ))}
      </ul>
      {more && (
        <p className="muted" data-testid="online-more">
          {more}
        </p>
      )}
    </>
  );
}
