// How notification events change the data the browser holds, as pure
// functions over the shapes of `notifications.summary` and the pages of
// `notifications.list`. Every function is idempotent: the realtime client
// may apply an event again after a reconnect or a replaced snapshot.
import type { EventEnvelope, NotificationView } from "@/lib/events";

export type InboxSummary = { unreadCount: number; latest: NotificationView[]; head: number };
export type NotificationPage = { items: NotificationView[]; nextCursor: string | null };
export type NotificationPages<P = unknown> = { pages: NotificationPage[]; pageParams: P[] };

/** How many the summary holds (the server's `inboxSummary` default). */
export const SUMMARY_LATEST = 8;

type NotificationEvent = EventEnvelope<"notification.created" | "notification.read" | "notification.all-read">;

/** Applies an event to the summary, unless its snapshot already includes it. */
export function summaryWithEvent(summary: InboxSummary, event: EventEnvelope): InboxSummary {
  if (event.id <= summary.head) return summary;
  if (isSnoozedEvent(event)) {
    return { latest: withoutNotification(summary.latest, event.data.id), unreadCount: event.data.unreadCount, head: event.id };
  }
  if (!isNotificationEvent(event)) return summary;
  const latest =
    event.type === "notification.created"
      ? withNotification(summary.latest, event.data.notification).slice(0, SUMMARY_LATEST)
      : withReadMarks(summary.latest, readMarkOf(event));
  return { latest, unreadCount: event.data.unreadCount, head: event.id };
}

/**
 * Applies an event to one list's loaded pages. Lists carry no event id, so
 * an event is applied whenever it changes something.
 */
export function pagesWithEvent<P>(
  data: NotificationPages<P>,
  event: EventEnvelope,
  filter: { unreadOnly: boolean },
): NotificationPages<P> {
  if (isSnoozedEvent(event)) return pagesWithout(data, event.data.id);
  if (!isNotificationEvent(event)) return data;
  if (event.type === "notification.created") {
    const { notification } = event.data;
    if (filter.unreadOnly && notification.readAt) return data;
    if (data.pages.some((page) => page.items.some((n) => n.id === notification.id))) return data;
    const [first, ...rest] = data.pages;
    if (!first) return data; // nothing loaded: the first fetch will include it
    return { ...data, pages: [{ ...first, items: withNotification(first.items, notification) }, ...rest] };
  }
  return pagesWithReadMarks(data, readMarkOf(event), filter);
}

/** Which notifications became read, and when. */
export type ReadMark =
  | { ids: ReadonlySet<string>; readAt: string }
  /** Everything created up to `readAt` (the "mark all read" event). */
  | { upTo: string; readAt: string };

export function pagesWithReadMarks<P>(
  data: NotificationPages<P>,
  mark: ReadMark,
  filter: { unreadOnly: boolean },
): NotificationPages<P> {
  let changed = false;
  const pages = data.pages.map((page) => {
    const items = filter.unreadOnly
      ? page.items.filter((n) => !covers(mark, n)) // a read one no longer belongs in "unread only"
      : withReadMarks(page.items, mark);
    if (items.length === page.items.length && items.every((n, i) => n === page.items[i])) return page;
    changed = true;
    return { ...page, items };
  });
  return changed ? { ...data, pages } : data;
}

export function withReadMarks(items: NotificationView[], mark: ReadMark): NotificationView[] {
  let changed = false;
  const next = items.map((n) => {
    if (!covers(mark, n)) return n;
    changed = true;
    return { ...n, readAt: mark.readAt };
  });
  return changed ? next : items;
}

/** The ids of the unread ones among `items`. */
export function unreadIds(items: Iterable<NotificationView>): string[] {
  const ids: string[] = [];
  for (const n of items) if (!n.readAt) ids.push(n.id);
  return ids;
}

function covers(mark: ReadMark, n: NotificationView): boolean {
  if (n.readAt) return false;
  // ISO 8601 strings in UTC compare like the instants they name.
  return "ids" in mark ? mark.ids.has(n.id) : n.createdAt <= mark.upTo;
}

function readMarkOf(event: EventEnvelope<"notification.read" | "notification.all-read">): ReadMark {
  return event.type === "notification.read"
    ? { ids: new Set(event.data.ids), readAt: event.data.readAt }
    : { upTo: event.data.readAt, readAt: event.data.readAt };
}

/** Inserts newest-first (by creation time, then id, as the server orders), once. */
function withNotification(items: NotificationView[], notification: NotificationView): NotificationView[] {
  if (items.some((n) => n.id === notification.id)) return items;
  const index = items.findIndex((n) => isNewer(notification, n));
  const at = index < 0 ? items.length : index;
  return [...items.slice(0, at), notification, ...items.slice(at)];
}

function isNewer(a: NotificationView, b: NotificationView): boolean {
  return a.createdAt === b.createdAt ? a.id > b.id : a.createdAt > b.createdAt;
}

function isNotificationEvent(event: EventEnvelope): event is NotificationEvent {
  return event.type.startsWith("notification.");
}

// Snoozing: the entry leaves every view until it comes back as `notification.created`.
function isSnoozedEvent(event: EventEnvelope): event is EventEnvelope<"notification.snoozed"> {
  return event.type === "notification.snoozed";
}

function withoutNotification(items: NotificationView[], id: string): NotificationView[] {
  return items.some((n) => n.id === id) ? items.filter((n) => n.id !== id) : items;
}

function pagesWithout<P>(data: NotificationPages<P>, id: string): NotificationPages<P> {
  if (!data.pages.some((page) => page.items.some((n) => n.id === id))) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: withoutNotification(page.items, id) })) };
}
