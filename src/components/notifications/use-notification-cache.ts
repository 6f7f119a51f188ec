"use client";
// Writes notification changes into the cached query results that show them
// (the summary and every loaded inbox list), instead of refetching them.
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useMemo } from "react";
import type { EventEnvelope } from "@/lib/events";
import {
  broadcastAsNotification,
  isNewBroadcast,
  pagesWithEvent,
  pagesWithNotification,
  summaryWithBroadcast,
  pagesWithReadMarks,
  summaryWithEvent,
  unreadIds,
  withReadMarks,
  type NotificationPages,
  type ReadMark,
} from "@/lib/notifications/notification-cache";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

type ListFilter = { unreadOnly: boolean };
type ListData = InfiniteData<RouterOutputs["notifications"]["list"], string | null | undefined>;

export function useNotificationCache() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  return useMemo(() => {
    const summaryKey = trpc.notifications.summary.queryKey();

    function updateLists(update: <P>(data: NotificationPages<P>, filter: ListFilter) => NotificationPages<P>) {
      for (const unreadOnly of [false, true]) {
        queryClient.setQueriesData<ListData>(trpc.notifications.list.infiniteQueryFilter({ unreadOnly }), (data) =>
          data ? update(data, { unreadOnly }) : data,
        );
      }
    }

    return {
      /**
       * Reads the inbox again (the summary now, loaded lists when next shown):
       * after a gap too old to replay, or when the person's channels changed.
       */
      async reload() {
        void queryClient.invalidateQueries(trpc.notifications.list.pathFilter());
        return queryClient.fetchQuery({ ...trpc.notifications.summary.queryOptions(), staleTime: 0 });
      },

      /** A pushed event: updates the unread count too. */
      applyEvent(event: EventEnvelope) {
        queryClient.setQueryData(summaryKey, (summary) => summary && summaryWithEvent(summary, event));
        updateLists((data, filter) => pagesWithEvent(data, event, filter));
      },

      /**
       * An announcement on a broadcast channel: one more unread entry, unless
       * the summary already counts it. Returns whether it was new.
       */
      applyBroadcast(event: EventEnvelope, userId: string): boolean {
        const summary = queryClient.getQueryData(summaryKey);
        if (!summary) return false;
        const isNew = isNewBroadcast(summary, event);
        queryClient.setQueryData(summaryKey, (current) => current && summaryWithBroadcast(current, event, userId));
        if (isNew) {
          const entry = broadcastAsNotification(event.data.broadcast, userId);
          updateLists((data, filter) => pagesWithNotification(data, entry, filter));
        }
        return isNew;
      },

      /**
       * What this tab just marked read, shown at once. The unread count is
       * left to the event that follows, which orders it with other changes.
       */
      markReadLocally(ids: readonly string[]) {
        if (ids.length === 0) return;
        const mark: ReadMark = { ids: new Set(ids), readAt: new Date().toISOString() };
        queryClient.setQueryData(
          summaryKey,
          (summary) => summary && { ...summary, latest: withReadMarks(summary.latest, mark) },
        );
        updateLists((data, filter) => pagesWithReadMarks(data, mark, filter));
      },

      /** The unread notifications this tab shows anywhere right now. */
      cachedUnreadIds(): string[] {
        const ids = new Set(unreadIds(queryClient.getQueryData(summaryKey)?.latest ?? []));
        for (const [, data] of queryClient.getQueriesData<ListData>(trpc.notifications.list.infiniteQueryFilter())) {
          for (const page of data?.pages ?? []) for (const id of unreadIds(page.items)) ids.add(id);
        }
        return [...ids];
      },
    };
  }, [trpc, queryClient]);
}
