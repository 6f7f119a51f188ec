"use client";
// Writes notification changes into the cached query results that show them
// (the summary and every loaded inbox list), instead of refetching them.
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useMemo } from "react";
import type { EventEnvelope } from "@/lib/events";
import type { InboxFilter } from "@/lib/notifications/inbox-filters";
import {
  broadcastAsNotification,
  isNewBroadcast,
  listNeedsReload,
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

type ListData = InfiniteData<RouterOutputs["notifications"]["list"], string | null | undefined>;
type ListInput = { unreadOnly?: boolean; kind?: InboxFilter["kind"]; archived?: boolean };

/** The filter of a cached list, from its query key (`[path, { input, type }]`). */
function filterOf(queryKey: readonly unknown[]): InboxFilter {
  const input = (queryKey[1] as { input?: ListInput } | undefined)?.input ?? {};
  return { kind: input.unreadOnly ? "unread" : (input.kind ?? "all"), archived: input.archived ?? false };
}

export function useNotificationCache() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  return useMemo(() => {
    const summaryKey = trpc.notifications.summary.queryKey();

    /** Every loaded list (each view and filter the person opened), with its filter. */
    function cachedLists() {
      return queryClient
        .getQueryCache()
        .findAll(trpc.notifications.list.pathFilter())
        .map((query) => ({ queryKey: query.queryKey, filter: filterOf(query.queryKey) }));
    }

    function updateLists(update: <P>(data: NotificationPages<P>, filter: InboxFilter) => NotificationPages<P>) {
      for (const { queryKey, filter } of cachedLists()) {
        queryClient.setQueryData<ListData>(queryKey, (data) => (data ? update(data, filter) : data));
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
        const before = queryClient.getQueryData(summaryKey);
        queryClient.setQueryData(summaryKey, (summary) => summary && summaryWithEvent(summary, event));
        updateLists((data, filter) => pagesWithEvent(data, event, filter));
        // The bell's latest few lost entries (archived, deleted): the next
        // ones are not in the cache, so the summary is read again.
        const after = queryClient.getQueryData(summaryKey);
        if (before && after && after.latest.length < before.latest.length) {
          void queryClient.invalidateQueries({ queryKey: summaryKey });
        }
        // Entries the event names but does not carry: the lists that gain them load again.
        for (const { queryKey, filter } of cachedLists()) {
          if (listNeedsReload(event, filter)) void queryClient.invalidateQueries({ queryKey, exact: true });
        }
        if (event.type === "notification.unarchived") void queryClient.invalidateQueries({ queryKey: summaryKey });
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
