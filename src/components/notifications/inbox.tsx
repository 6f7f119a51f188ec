"use client";
// The inbox: pages of notifications, newest first, kept current by pushed
// events (LiveNotifications) rather than by refetching.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { LoadError } from "@/components/ui/load-error";
import { unreadShown } from "@/lib/notifications/notification-cache";
import { LoadMore } from "@/components/ui/load-more";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { InboxSkeleton } from "./inbox-skeleton";
import { NotificationItem } from "./notification-item";
import { useInboxSummary } from "./use-inbox-summary";
import { useMarkAllRead } from "./use-mark-read";

const PAGE_SIZE = 20;

export function Inbox() {
  const trpc = useTRPC();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const filterId = useId();
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, unreadOnly },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const summary = useInboxSummary();
  const markAll = useMarkAllRead();
  const unreadCount = summary.data ? unreadShown(summary.data) : 0;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="inbox" aria-labelledby="inbox-heading">
      <div className="inbox-toolbar">
        <h1 id="inbox-heading">Inbox</h1>
        <p className="muted inbox-count">{unreadCount > 0 ? `${unreadCount} unread` : "All read"}</p>
        <label className="toggle" htmlFor={filterId}>
          <input
            id={filterId}
            type="checkbox"
            checked={unreadOnly}
            onChange={(event) => setUnreadOnly(event.target.checked)}
          />
          Unread only
        </label>
        <button
          type="button"
          className="button"
          disabled={unreadCount === 0 || markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          {markAll.isPending ? "Marking…" : "Mark all read"}
        </button>
      </div>
      {markAll.isError && <FormAlert tone="error">{errorMessage(markAll.error)}</FormAlert>}

      {list.isPending ? (
        <InboxSkeleton />
      ) : !list.data ? (
        <LoadError what="Your notifications" error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <div className="empty-state">
          <h2>{unreadOnly ? "You're all caught up" : "No notifications yet"}</h2>
          <p>
            {unreadOnly
              ? "There are no unread notifications."
              : "When someone sends you a notification, it appears here right away."}
          </p>
        </div>
      ) : (
        <>
          <ul className="notification-list">
            {items.map((n) => (
              <NotificationItem key={n.id} notification={n} />
            ))}
          </ul>
          <LoadMore list={list} label="Load more" />
        </>
      )}
    </section>
  );
}
