"use client";
// The dashboard's snapshot (one query shared by every widget) and the live
// events on top of it. A widget renders its live part keyed by the snapshot
// (`dataUpdatedAt`), so a new snapshot starts it over from the new values.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import type { EventEnvelope } from "@/lib/events";
import { channels } from "@/lib/realtime/channel-names";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

export type Overview = RouterOutputs["dashboard"]["overview"];

/** The browser's local midnight today, as an ISO instant (UTC, `Z`). */
function localDayStart(now = new Date()): string {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return midnight.toISOString();
}

export function useDashboardOverview() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dayStart] = useState(localDayStart);
  // Events keep the widgets current; a background refetch would only race them.
  const options = trpc.dashboard.overview.queryOptions({ dayStart }, { staleTime: Infinity, refetchOnWindowFocus: false });
  const query = useQuery(options);
  const reload = useCallback(
    () => queryClient.fetchQuery({ ...options, staleTime: 0 }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the options follow from dayStart
    [queryClient, trpc, dayStart],
  );
  return { query, reload };
}

/** The stream a widget follows: the shared feed, or the reader's own channel. */
export type OverviewStream = { feed: true } | { userId: string };

/**
 * Events of `stream` after the snapshot's head for it, each applied once (an
 * event at or below what was applied already is skipped). A reset reloads the
 * snapshot, which remounts the widget's live part with its new head.
 */
export function useOverviewEvents(
  overview: Overview,
  stream: OverviewStream,
  onEvent: (event: EventEnvelope) => void,
) {
  const { reload } = useDashboardOverview();
  const pickHead = (o: Overview) => ("userId" in stream ? o.heads.user : o.heads.feed);
  const head = pickHead(overview);
  const applied = useRef(head);
  useChannelEvents({
    channel: "userId" in stream ? channels.user(stream.userId) : channels.feed(),
    baselineId: head,
    onEvent(event) {
      if (event.id <= applied.current) return;
      applied.current = event.id;
      onEvent(event);
    },
    async onReset() {
      return pickHead(await reload());
    },
  });
}
