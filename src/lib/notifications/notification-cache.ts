// How notification events change the data the browser holds, as pure
// functions over the shapes of `notifications.summary` and the pages of
// `notifications.list`. Every function is idempotent: the realtime client
// may apply an event again after a reconnect or a replaced snapshot.
import type { BroadcastView, EventEnvelope, NotificationView } from "@/lib/events";
import { matchesFilter, type InboxFilter } from "./inbox-filters";

export type InboxSummary = {
  /** Unread entries up to `head`, counting the person's broadcasts up to `broadcastSeq`. */
  unreadCount: number;
  latest: NotificationView[];
  /** The user channel's last applied event. */
  head: number;
  broadcastSeq: number;
  /** Broadcasts received beyond `broadcastSeq`: unread, not yet in `unreadCount`. */
  pending: BroadcastView[];
  /** Each broadcast channel's last applied event. */
  broadcastHeads: Record<string, number>;
  /** Whether the person takes non-urgent announcements in the app. */
  acceptsBroadcasts: boolean;
};
type NotificationPage = { items: NotificationView[]; nextCursor: string | null };
export type NotificationPages<P = unknown> = { pages: NotificationPage[]; pageParams: P[] };

/** How many the summary holds (the server's `inboxSummary` default). */
export const SUMMARY_LATEST = 8;

type NotificationEvent = EventEnvelope<
  "notification.created" | "notification.updated" | "notification.read" | "notification.all-read"
>;

/** What the badge and the inbox show as unread: the counted entries and the pending broadcasts. */
export function unreadShown(summary: InboxSummary): number {
  return summary.unreadCount + summary.pending.length;
}

/** The id of the person's copy of a broadcast (the server makes it with the same id). */
export function broadcastCopyId(broadcastId: string, userId: string): string {
  return `bc_${broadcastId}_${userId}`;
}

/** A broadcast as it shows in the person's inbox before its copy is read from the server. */
export function broadcastAsNotification(broadcast: BroadcastView, userId: string): NotificationView {
  return {
    id: broadcastCopyId(broadcast.id, userId),
    type: "broadcast",
    title: broadcast.title,
    body: broadcast.body,
    link: broadcast.link,
    senderName: broadcast.senderName,
    createdAt: broadcast.createdAt,
    readAt: null,
    groupCount: 1,
    actors: [],
    urgent: broadcast.urgent,
  };
}

/** Applies a user-channel event to the summary, unless its snapshot already includes it. */
export function summaryWithEvent(summary: InboxSummary, event: EventEnvelope): InboxSummary {
  if (event.id <= summary.head) return summary;
  if (isSnoozedEvent(event)) return counted(summary, withoutNotification(summary.latest, event.data.id), event);
  if (isRemovalEvent(event)) return counted(summary, withoutAll(summary.latest, new Set(event.data.ids)), event);
  if (event.type === "notification.unread") {
    return counted(summary, withUnreadMarks(summary.latest, new Set(event.data.ids)), event);
  }
  // Back from the Archive: the count moves now; the entries come with the reload the tab starts.
  if (event.type === "notification.unarchived") return counted(summary, summary.latest, event);
  if (event.type === "notification.changed") {
    return counted(summary, withChanged(summary.latest, event.data.notification), event);
  }
  if (!isNotificationEvent(event)) return summary;
  const latest =
    event.type === "notification.created" || event.type === "notification.updated"
      ? withNotification(summary.latest, event.data.notification).slice(0, SUMMARY_LATEST)
      : withReadMarks(summary.latest, readMarkOf(event));
  return counted(summary, latest, event);
}

/** The summary after a user-channel event, with the event's absolute count. */
function counted(
  summary: InboxSummary,
  latest: NotificationView[],
  event: EventEnvelope & { data: { unreadCount: number; broadcastSeq: number } },
): InboxSummary {
  // The event's count includes every broadcast up to its watermark: those
  // are no longer pending (counting them twice is the drift this avoids).
  const broadcastSeq = Math.max(summary.broadcastSeq, event.data.broadcastSeq);
  return {
    ...summary,
    latest,
    unreadCount: event.data.unreadCount,
    head: event.id,
    broadcastSeq,
    pending: summary.pending.filter((b) => b.seq > broadcastSeq),
  };
}

/** Whether a broadcast event adds something to this person's inbox. */
export function isNewBroadcast(summary: InboxSummary, event: EventEnvelope): event is EventEnvelope<"broadcast.sent"> {
  if (event.type !== "broadcast.sent" || event.id <= (summary.broadcastHeads[event.channel] ?? 0)) return false;
  const { broadcast } = (event as EventEnvelope<"broadcast.sent">).data;
  return (
    broadcast.seq > summary.broadcastSeq &&
    !summary.pending.some((b) => b.id === broadcast.id) &&
    (broadcast.urgent || summary.acceptsBroadcasts)
  );
}

/** Applies a broadcast channel's event: one more pending, unread entry. */
export function summaryWithBroadcast(summary: InboxSummary, event: EventEnvelope, userId: string): InboxSummary {
  if (event.id <= (summary.broadcastHeads[event.channel] ?? 0)) return summary;
  const broadcastHeads = { ...summary.broadcastHeads, [event.channel]: event.id };
  if (!isNewBroadcast(summary, event)) return { ...summary, broadcastHeads };
  const { broadcast } = event.data;
  return {
    ...summary,
    broadcastHeads,
    pending: [...summary.pending, broadcast],
    latest: withNotification(summary.latest, broadcastAsNotification(broadcast, userId)).slice(0, SUMMARY_LATEST),
  };
}

/**
 * Whether a list with this filter must be loaded again after the event: it
 * gains entries the event does not carry (the Archive gains archived ones,
 * "Unread" the ones marked unread, every inbox list the unarchived ones).
 */
export function listNeedsReload(event: EventEnvelope, filter: InboxFilter): boolean {
  switch (event.type) {
    case "notification.archived":
      return filter.archived;
    case "notification.unarchived":
      return !filter.archived;
    case "notification.unread":
      return filter.kind === "unread" && !filter.archived;
    default:
      return false;
  }
}

/**
 * Applies an event to one list's loaded pages. Lists carry no event id, so
 * an event is applied whenever it changes something.
 */
export function pagesWithEvent<P>(
  data: NotificationPages<P>,
  event: EventEnvelope,
  filter: InboxFilter,
): NotificationPages<P> {
  if (isSnoozedEvent(event)) return pagesWithout(data, event.data.id);
  if (event.type === "notification.deleted") return pagesWithoutAll(data, new Set(event.data.ids));
  if (event.type === "notification.archived") {
    // Out of every inbox list; the Archive loads them again (listNeedsReload).
    return filter.archived ? data : pagesWithoutAll(data, new Set(event.data.ids));
  }
  if (event.type === "notification.unarchived") return filter.archived ? pagesWithoutAll(data, new Set(event.data.ids)) : data;
  if (event.type === "notification.unread") return pagesWithUnreadMarks(data, new Set(event.data.ids));
  if (event.type === "notification.changed") return pagesWithChanged(data, event.data.notification, filter);
  if (!isNotificationEvent(event)) return data;
  // A grouped entry that gains an item leaves the Archive (grouping.ts brings it back).
  if (filter.archived) return event.type === "notification.updated" ? pagesWithout(data, event.data.notification.id) : data;
  if (event.type === "notification.created") return pagesWithNotification(data, event.data.notification, filter);
  if (event.type === "notification.updated") {
    // A group's entry gained an item: it moves up with its new count.
    const { notification } = event.data;
    const known = data.pages.flatMap((page) => page.items).find((n) => n.id === notification.id);
    if (known && known.groupCount >= notification.groupCount) return data;
    const pages = data.pages.map((page) =>
      page.items.some((n) => n.id === notification.id)
        ? { ...page, items: page.items.filter((n) => n.id !== notification.id) }
        : page,
    );
    return pagesWithNotification({ ...data, pages }, notification, filter);
  }
  return pagesWithReadMarks(data, readMarkOf(event), filter);
}

/** Adds a new entry to the first loaded page, once. */
export function pagesWithNotification<P>(
  data: NotificationPages<P>,
  notification: NotificationView,
  filter: InboxFilter,
): NotificationPages<P> {
  if (!matchesFilter(notification, filter)) return data;
  if (data.pages.some((page) => page.items.some((n) => n.id === notification.id))) return data;
  const [first, ...rest] = data.pages;
  if (!first) return data; // nothing loaded: the first fetch will include it
  return { ...data, pages: [{ ...first, items: withNotification(first.items, notification) }, ...rest] };
}

/** Which notifications became read, and when. */
export type ReadMark =
  | { ids: ReadonlySet<string>; readAt: string }
  /** Everything created up to `readAt` (the "mark all read" event). */
  | { upTo: string; readAt: string };

export function pagesWithReadMarks<P>(
  data: NotificationPages<P>,
  mark: ReadMark,
  filter: InboxFilter,
): NotificationPages<P> {
  let changed = false;
  const pages = data.pages.map((page) => {
    const items = filter.kind === "unread"
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

/**
 * Inserts newest-first (by creation time, then id, as the server orders),
 * once; a grouped entry with a higher count replaces its older self.
 */
function withNotification(items: NotificationView[], notification: NotificationView): NotificationView[] {
  const known = items.find((n) => n.id === notification.id);
  if (known && known.groupCount >= notification.groupCount) return items;
  if (known) items = items.filter((n) => n.id !== notification.id);
  const index = items.findIndex((n) => isNewer(notification, n));
  const at = index < 0 ? items.length : index;
  return [...items.slice(0, at), notification, ...items.slice(at)];
}

function isNewer(a: NotificationView, b: NotificationView): boolean {
  return a.createdAt === b.createdAt ? a.id > b.id : a.createdAt > b.createdAt;
}

function isNotificationEvent(event: EventEnvelope): event is NotificationEvent {
  return (
    event.type === "notification.created" ||
    event.type === "notification.updated" ||
    event.type === "notification.read" ||
    event.type === "notification.all-read"
  );
}

// Snoozing: the entry leaves every view until it comes back as `notification.created`.
function isSnoozedEvent(event: EventEnvelope): event is EventEnvelope<"notification.snoozed"> {
  return event.type === "notification.snoozed";
}

function withoutNotification(items: NotificationView[], id: string): NotificationView[] {
  return items.some((n) => n.id === id) ? items.filter((n) => n.id !== id) : items;
}

function pagesWithout<P>(data: NotificationPages<P>, id: string): NotificationPages<P> {
  return pagesWithoutAll(data, new Set([id]));
}

// Archived or deleted: the entries leave every inbox view (the Archive loads archived ones again).
function isRemovalEvent(event: EventEnvelope): event is EventEnvelope<"notification.archived" | "notification.deleted"> {
  return event.type === "notification.archived" || event.type === "notification.deleted";
}

function withoutAll(items: NotificationView[], ids: ReadonlySet<string>): NotificationView[] {
  return items.some((n) => ids.has(n.id)) ? items.filter((n) => !ids.has(n.id)) : items;
}

function pagesWithoutAll<P>(data: NotificationPages<P>, ids: ReadonlySet<string>): NotificationPages<P> {
  if (!data.pages.some((page) => page.items.some((n) => ids.has(n.id)))) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: withoutAll(page.items, ids) })) };
}

/** Marked unread again: the entries shown keep their place, without their read time. */
function withUnreadMarks(items: NotificationView[], ids: ReadonlySet<string>): NotificationView[] {
  if (!items.some((n) => ids.has(n.id) && n.readAt)) return items;
  return items.map((n) => (ids.has(n.id) && n.readAt ? { ...n, readAt: null } : n));
}

function pagesWithUnreadMarks<P>(data: NotificationPages<P>, ids: ReadonlySet<string>): NotificationPages<P> {
  let changed = false;
  const pages = data.pages.map((page) => {
    const items = withUnreadMarks(page.items, ids);
    if (items !== page.items) changed = true;
    return items === page.items ? page : { ...page, items };
  });
  return changed ? { ...data, pages } : data;
}

/**
 * An entry changed in place (an action answered): it keeps its position,
 * with the new state (read, the outcome instead of the buttons). Entries
 * not shown stay out; the "unread" list drops it once it is read.
 */
function withChanged(items: NotificationView[], notification: NotificationView): NotificationView[] {
  const index = items.findIndex((n) => n.id === notification.id);
  if (index < 0) return items;
  const next = [...items];
  next[index] = notification;
  return next;
}

function pagesWithChanged<P>(data: NotificationPages<P>, notification: NotificationView, filter: InboxFilter): NotificationPages<P> {
  if (!data.pages.some((page) => page.items.some((n) => n.id === notification.id))) return data;
  if (!filter.archived && !matchesFilter(notification, filter)) return pagesWithout(data, notification.id);
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: withChanged(page.items, notification) })) };
}
