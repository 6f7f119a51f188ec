"use client";
// The inbox: pages of notifications, newest first, kept current by pushed
// events (LiveNotifications) rather than by refetching. Two views (the inbox
// and the Archive), filters by kind, and a selection to change many at once.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { LoadError } from "@/components/ui/load-error";
import { inboxKindLabels, inboxKinds, type InboxKind } from "@/lib/notifications/inbox-filters";
import { unreadShown } from "@/lib/notifications/notification-cache";
import { LoadMore } from "@/components/ui/load-more";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { InboxSelectionBar } from "./inbox-selection-bar";
import { ListSkeleton } from "@/components/ui/list-skeleton";
import { NotificationItem } from "./notification-item";
import { useInboxSummary } from "./use-inbox-summary";
import { useMarkAllRead } from "./use-mark-read";
import "./inbox.css";
import "./notifications.css";

const PAGE_SIZE = 20;

export function Inbox() {
  const trpc = useTRPC();
  const [kind, setKind] = useState<InboxKind>("all");
  const [archived, setArchived] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, kind, archived },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const summary = useInboxSummary();
  const markAll = useMarkAllRead();
  const unreadCount = summary.data ? unreadShown(summary.data) : 0;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  // The selection is of what is shown: an entry archived or deleted in
  // another tab simply drops out of it (InboxSelectionBar counts shown ids).
  const shownIds = items.map((n) => n.id);

  function show(next: { kind?: InboxKind; archived?: boolean }) {
    if (next.kind !== undefined) setKind(next.kind);
    if (next.archived !== undefined) setArchived(next.archived);
    setSelected(new Set());
  }

  return (
    <section className="inbox" aria-labelledby="inbox-heading">
      <div className="inbox-toolbar">
        <h1 id="inbox-heading">{archived ? "Archive" : "Inbox"}</h1>
        <p className="muted inbox-count">{unreadCount > 0 ? `${unreadCount} unread` : "All read"}</p>
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

      <nav className="inbox-filters" aria-label="Inbox views and filters">
        <div className="inbox-filter-group" role="group" aria-label="View">
          <FilterButton pressed={!archived} onClick={() => show({ archived: false })}>
            Inbox
          </FilterButton>
          <FilterButton pressed={archived} onClick={() => show({ archived: true })}>
            Archive
          </FilterButton>
        </div>
        <div className="inbox-filter-group" role="group" aria-label="Show">
          {inboxKinds.map((k) => (
            <FilterButton key={k} pressed={kind === k} onClick={() => show({ kind: k })}>
              {inboxKindLabels[k]}
            </FilterButton>
          ))}
        </div>
      </nav>

      <InboxSelectionBar shownIds={shownIds} selected={selected} archived={archived} onSelect={setSelected} />

      {list.isPending ? (
        <ListSkeleton label="Loading notifications…" />
      ) : !list.data ? (
        <LoadError what="Your notifications" error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <div className="empty-state">
          <h2>{emptyTitle(kind, archived)}</h2>
          <p>{emptyText(kind, archived)}</p>
        </div>
      ) : (
        <>
          <ul className="notification-list">
            {items.map((n) => (
              <NotificationItem
                key={n.id}
                notification={n}
                archived={archived}
                selected={selected.has(n.id)}
                onSelect={(on) =>
                  setSelected((current) => {
                    const next = new Set(current);
                    if (on) next.add(n.id);
                    else next.delete(n.id);
                    return next;
                  })
                }
              />
            ))}
          </ul>
          <LoadMore list={list} label="Load more" />
        </>
      )}
    </section>
  );
}

function FilterButton(props: { pressed: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      className="button button-small inbox-filter"
      aria-pressed={props.pressed}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

function emptyTitle(kind: InboxKind, archived: boolean): string {
  if (archived) return "Nothing archived";
  if (kind === "unread") return "You're all caught up";
  if (kind === "all") return "No notifications yet";
  return `No ${inboxKindLabels[kind].toLowerCase()}`;
}

function emptyText(kind: InboxKind, archived: boolean): string {
  if (archived) return "Archived notifications wait here, out of your inbox and your unread count.";
  if (kind === "unread") return "There are no unread notifications.";
  if (kind === "all") return "When someone sends you a notification, it appears here right away.";
  return "None of your notifications are of this kind.";
}
