import { describe, expect, it } from "vitest";
import type { EventEnvelope, NotificationView } from "@/lib/events";
import {
  broadcastCopyId,
  listNeedsReload,
  pagesWithEvent,
  summaryWithBroadcast,
  unreadShown,
  pagesWithReadMarks,
  summaryWithEvent,
  SUMMARY_LATEST,
  unreadIds,
  type InboxSummary,
  type NotificationPages,
} from "@/lib/notifications/notification-cache";

const CHANNEL = "private-user.u1";

function notification(n: number, overrides: Partial<NotificationView> = {}): NotificationView {
  return {
    id: `n${String(n).padStart(3, "0")}`,
    type: "admin.message",
    title: `Title ${n}`,
    body: "",
    link: null,
    senderName: "Ada",
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, n)).toISOString(),
    readAt: null,
    groupCount: 1,
    actors: [],
    urgent: false,
    ...overrides,
  };
}

const at = new Date(Date.UTC(2026, 0, 1, 13)).toISOString();

function created(id: number, n: NotificationView, unreadCount: number): EventEnvelope {
  return { id, type: "notification.created", channel: CHANNEL, at, data: { notification: n, unreadCount, broadcastSeq: 0 } };
}

function read(id: number, ids: string[], unreadCount: number, readAt = at): EventEnvelope {
  return { id, type: "notification.read", channel: CHANNEL, at, data: { ids, readAt, unreadCount, broadcastSeq: 0 } };
}

function allRead(id: number, readAt: string, unreadCount = 0): EventEnvelope {
  return { id, type: "notification.all-read", channel: CHANNEL, at, data: { readAt, unreadCount, broadcastSeq: 0 } };
}

function pages(...lists: NotificationView[][]): NotificationPages<string | null> {
  return {
    pages: lists.map((items, i) => ({ items, nextCursor: i < lists.length - 1 ? items.at(-1)!.id : null })),
    pageParams: lists.map((_, i) => (i === 0 ? null : lists[i - 1]!.at(-1)!.id)),
  };
}

function snoozed(id: number, notificationId: string, unreadCount: number): EventEnvelope {
  return {
    id,
    type: "notification.snoozed",
    channel: CHANNEL,
    at,
    data: { id: notificationId, until: "2026-01-01T14:00:00.000Z", unreadCount, broadcastSeq: 0 },
  };
}

const emptySummary = { broadcastSeq: 0, pending: [], broadcastHeads: {}, acceptsBroadcasts: true };

const ids = (data: NotificationPages) => data.pages.flatMap((p) => p.items.map((n) => n.id));

describe("summaryWithEvent", () => {
  const summary: InboxSummary = { unreadCount: 1, latest: [notification(2), notification(1, { readAt: at })], head: 10, ...emptySummary };

  it("puts a new notification first and takes the count and head from the event", () => {
    const next = summaryWithEvent(summary, created(11, notification(3), 2));
    expect(next.latest.map((n) => n.title)).toEqual(["Title 3", "Title 2", "Title 1"]);
    expect(next.unreadCount).toBe(2);
    expect(next.head).toBe(11);
  });

  it("skips events its snapshot already includes", () => {
    expect(summaryWithEvent(summary, created(10, notification(3), 5))).toBe(summary);
    expect(summaryWithEvent(summary, read(9, ["n002"], 0))).toBe(summary);
  });

  it("keeps one copy of a notification and at most SUMMARY_LATEST of them", () => {
    let s: InboxSummary = { unreadCount: 0, latest: [], head: 0, ...emptySummary };
    for (let i = 1; i <= SUMMARY_LATEST + 3; i++) s = summaryWithEvent(s, created(i, notification(i), i));
    s = summaryWithEvent(s, created(s.head + 1, notification(SUMMARY_LATEST + 3), 99));
    expect(s.latest).toHaveLength(SUMMARY_LATEST);
    expect(new Set(s.latest.map((n) => n.id)).size).toBe(SUMMARY_LATEST);
    expect(s.latest[0]!.title).toBe(`Title ${SUMMARY_LATEST + 3}`);
  });

  it("marks the named notifications read", () => {
    const next = summaryWithEvent(summary, read(11, ["n002"], 0));
    expect(next.latest.every((n) => n.readAt !== null)).toBe(true);
    expect(next.unreadCount).toBe(0);
  });

  it("on all-read, marks read only what was created before it", () => {
    const before = notification(5);
    const after = notification(30);
    const s: InboxSummary = { unreadCount: 2, latest: [after, before], head: 1, ...emptySummary };
    const next = summaryWithEvent(s, allRead(2, notification(20).createdAt, 1));
    expect(next.latest.find((n) => n.id === before.id)!.readAt).not.toBeNull();
    expect(next.latest.find((n) => n.id === after.id)!.readAt).toBeNull();
    expect(next.unreadCount).toBe(1);
  });

  it("ignores event types it does not know", () => {
    const other = { ...created(11, notification(3), 2), type: "post.updated" } as unknown as EventEnvelope;
    expect(summaryWithEvent(summary, other)).toBe(summary);
  });
});

describe("pagesWithEvent", () => {
  const all = { kind: "all", archived: false } as const;
  const unreadOnly = { kind: "unread", archived: false } as const;

  it("inserts a new notification at the top of the first page", () => {
    const data = pages([notification(4), notification(3)], [notification(2), notification(1)]);
    const next = pagesWithEvent(data, created(1, notification(5), 1), all);
    expect(ids(next)).toEqual(["n005", "n004", "n003", "n002", "n001"]);
    // Cursors stay: "load more" continues where it was.
    expect(next.pages.map((p) => p.nextCursor)).toEqual(data.pages.map((p) => p.nextCursor));
    expect(next.pageParams).toBe(data.pageParams);
  });

  it("does not add a notification it already shows (a repeated event)", () => {
    const data = pages([notification(4)], [notification(2)]);
    expect(pagesWithEvent(data, created(1, notification(2), 1), all)).toBe(data);
  });

  it("keeps newest-first order when an older event is applied again", () => {
    const data = pages([notification(6), notification(3)]);
    expect(ids(pagesWithEvent(data, created(1, notification(4), 1), all))).toEqual(["n006", "n004", "n003"]);
  });

  it("leaves an unloaded list alone: its first fetch brings the notification", () => {
    const empty: NotificationPages = { pages: [], pageParams: [] };
    expect(pagesWithEvent(empty, created(1, notification(1), 1), all)).toBe(empty);
  });

  it("adds a new (unread) notification to the unread-only list too", () => {
    const data = pages([notification(1)]);
    expect(ids(pagesWithEvent(data, created(1, notification(2), 2), unreadOnly))).toEqual(["n002", "n001"]);
  });

  it("marks read across all loaded pages, and drops them from the unread-only list", () => {
    const data = pages([notification(4), notification(3)], [notification(2)]);
    const marked = pagesWithEvent(data, read(5, ["n004", "n002"], 1), all);
    expect(unreadIds(marked.pages.flatMap((p) => p.items))).toEqual(["n003"]);
    expect(ids(pagesWithEvent(data, read(5, ["n004", "n002"], 1), unreadOnly))).toEqual(["n003"]);
  });

  it("keeps the first read time when a read event comes again", () => {
    const first = "2026-01-01T14:00:00.000Z";
    const data = pages([notification(1, { readAt: first })]);
    const next = pagesWithEvent(data, read(5, ["n001"], 0, "2026-01-01T15:00:00.000Z"), all);
    expect(next).toBe(data);
  });

  it("on all-read, leaves notifications created after it unread", () => {
    const data = pages([notification(30), notification(10)]);
    const cut = notification(20).createdAt;
    expect(unreadIds(pagesWithEvent(data, allRead(9, cut), all).pages[0]!.items)).toEqual(["n030"]);
    expect(ids(pagesWithEvent(data, allRead(9, cut), unreadOnly))).toEqual(["n030"]);
  });

  it("returns the same object when nothing changes, so React skips the render", () => {
    const data = pages([notification(1, { readAt: at })]);
    expect(pagesWithReadMarks(data, { ids: new Set(["n001"]), readAt: at }, all)).toBe(data);
    expect(pagesWithReadMarks(data, { ids: new Set(["zzz"]), readAt: at }, unreadOnly)).toBe(data);
  });
});

describe("broadcasts and grouped entries", () => {
  const B = "private-broadcasts";
  const broadcast = (seq: number, urgent = false) => ({
    id: `b${seq}`,
    seq,
    title: `Announcement ${seq}`,
    body: "",
    link: null,
    senderName: "Ada",
    urgent,
    createdAt: new Date(Date.UTC(2026, 0, 1, 14, seq)).toISOString(),
  });
  const sent = (id: number, seq: number, urgent = false): EventEnvelope => ({
    id,
    type: "broadcast.sent",
    channel: B,
    at,
    data: { broadcast: broadcast(seq, urgent) },
  });
  const withWatermark = (event: EventEnvelope, broadcastSeq: number) =>
    ({ ...event, data: { ...(event.data as object), broadcastSeq } }) as EventEnvelope;
  const start: InboxSummary = { unreadCount: 1, latest: [notification(1)], head: 5, ...emptySummary, broadcastSeq: 2, broadcastHeads: { [B]: 2 } };

  it("counts a broadcast once: pending until a user event's count includes it", () => {
    let s = summaryWithBroadcast(start, sent(3, 3), "u1");
    expect(unreadShown(s)).toBe(2);
    expect(s.latest[0]!.id).toBe(broadcastCopyId("b3", "u1"));
    // The same event again (a replayed catch-up) changes nothing.
    expect(summaryWithBroadcast(s, sent(3, 3), "u1")).toBe(s);
    // A user event committed before the broadcast (watermark 2) leaves it pending...
    s = summaryWithEvent(s, withWatermark(created(6, notification(2), 2), 2));
    expect(unreadShown(s)).toBe(3);
    // ...one after it (watermark 3) counts it, so it stops being pending.
    s = summaryWithEvent(s, withWatermark(read(7, [broadcastCopyId("b3", "u1")], 2), 3));
    expect(s.pending).toEqual([]);
    expect(unreadShown(s)).toBe(2);
  });

  it("skips broadcasts already counted, and non-urgent ones the person turned off", () => {
    expect(unreadShown(summaryWithBroadcast(start, sent(3, 2), "u1"))).toBe(1);
    const off = { ...start, acceptsBroadcasts: false };
    expect(unreadShown(summaryWithBroadcast(off, sent(3, 3), "u1"))).toBe(1);
    expect(unreadShown(summaryWithBroadcast(off, sent(3, 3, true), "u1"))).toBe(2);
  });

  it("moves a grouped entry up with its new count, never back to an older count", () => {
    const lead = notification(1, { groupCount: 2, actors: ["Bo", "Al"] });
    const data: NotificationPages = { pages: [{ items: [notification(3), lead], nextCursor: null }], pageParams: [null] };
    const bumped = { ...lead, groupCount: 3, actors: ["Cy", "Bo", "Al"], createdAt: notification(9).createdAt };
    const updated = (id: number, n: NotificationView): EventEnvelope => ({
      id,
      type: "notification.updated",
      channel: CHANNEL,
      at,
      data: { notification: n, unreadCount: 2, broadcastSeq: 0 },
    });
    const next = pagesWithEvent(data, updated(4, bumped), { kind: "all", archived: false });
    expect(next.pages[0]!.items.map((n) => [n.id, n.groupCount])).toEqual([[lead.id, 3], ["n003", 1]]);
    expect(pagesWithEvent(next, updated(3, lead), { kind: "all", archived: false })).toBe(next);
  });
});

describe("snoozing in the browser's cache", () => {
  it("removes the entry from the summary and sets the count, once", () => {
    const summary = { unreadCount: 3, latest: [notification(3), notification(2), notification(1)], head: 5, ...emptySummary };
    const after = summaryWithEvent(summary, snoozed(6, "n002", 2));
    expect(after).toEqual({ unreadCount: 2, latest: [notification(3), notification(1)], head: 6, ...emptySummary });
    // Applied again (a replay): nothing changes.
    expect(summaryWithEvent(after, snoozed(6, "n002", 2))).toBe(after);
    // Already in the snapshot: ignored.
    expect(summaryWithEvent(summary, snoozed(5, "n002", 2))).toBe(summary);
  });

  it("removes the entry from every loaded page, in both filters, and leaves other lists alone", () => {
    const data: NotificationPages<string | null> = {
      pages: [
        { items: [notification(4), notification(3)], nextCursor: "n003" },
        { items: [notification(2), notification(1)], nextCursor: null },
      ],
      pageParams: [null, "n003"],
    };
    for (const kind of ["all", "unread"] as const) {
      const after = pagesWithEvent(data, snoozed(7, "n002", 3), { kind, archived: false });
      expect(after.pages.map((p) => p.items.map((n) => n.id))).toEqual([["n004", "n003"], ["n001"]]);
    }
    const other = pagesWithEvent(data, snoozed(7, "n009", 3), { kind: "all", archived: false });
    expect(other).toBe(data);
  });

  it("brings it back on top, unread, when it returns", () => {
    const summary = { unreadCount: 1, latest: [notification(3)], head: 6, ...emptySummary };
    const back = notification(2, { createdAt: new Date(Date.UTC(2026, 0, 1, 14)).toISOString() });
    expect(summaryWithEvent(summary, created(7, back, 2))).toEqual({ unreadCount: 2, latest: [back, notification(3)], head: 7, ...emptySummary });
  });
});

describe("managing the inbox: archive, delete, mark unread", () => {
  const inbox = { kind: "all", archived: false } as const;
  const unread = { kind: "unread", archived: false } as const;
  const archive = { kind: "all", archived: true } as const;
  const event = (id: number, type: string, data: Record<string, unknown>) =>
    ({ id, type, channel: CHANNEL, at, data: { unreadCount: 1, broadcastSeq: 0, ...data } }) as EventEnvelope;
  const ids = (data: NotificationPages<string | null>) => data.pages.flatMap((p) => p.items.map((n) => n.id));

  it("archived or deleted entries leave the inbox lists and the summary, with the event's count", () => {
    const data = pages([notification(3), notification(2), notification(1)]);
    const archived = event(5, "notification.archived", { ids: ["n002", "n003"], archivedAt: at });
    expect(ids(pagesWithEvent(data, archived, inbox))).toEqual(["n001"]);
    expect(pagesWithEvent(data, archived, archive)).toBe(data);
    expect(listNeedsReload(archived, archive)).toBe(true);
    expect(listNeedsReload(archived, inbox)).toBe(false);
    expect(ids(pagesWithEvent(data, event(6, "notification.deleted", { ids: ["n001"] }), archive))).toEqual(["n003", "n002"]);

    const summary: InboxSummary = {
      unreadCount: 3, latest: [notification(3), notification(2), notification(1)], head: 4, broadcastSeq: 0,
      pending: [], broadcastHeads: {}, acceptsBroadcasts: true,
    };
    const after = summaryWithEvent(summary, archived);
    expect(after.latest.map((n) => n.id)).toEqual(["n001"]);
    expect(after).toMatchObject({ unreadCount: 1, head: 5 });
  });

  it("marked unread: the read time goes, and the Unread list loads again", () => {
    const data = pages([notification(2, { readAt: at }), notification(1, { readAt: at })]);
    const marked = event(7, "notification.unread", { ids: ["n001"] });
    const next = pagesWithEvent(data, marked, inbox);
    expect(next.pages[0]!.items.map((n) => n.readAt)).toEqual([at, null]);
    expect(listNeedsReload(marked, unread)).toBe(true);
    expect(listNeedsReload(marked, inbox)).toBe(false);
    expect(pagesWithEvent(next, marked, inbox)).toBe(next); // idempotent
  });

  it("the Archive takes no new arrivals, and a grouped entry that grew leaves it", () => {
    const data = pages([notification(2), notification(1)]);
    expect(pagesWithEvent(data, created(8, notification(9), 1), archive)).toBe(data);
    const grown = { id: 9, type: "notification.updated", channel: CHANNEL, at,
      data: { notification: notification(2, { groupCount: 2 }), unreadCount: 1, broadcastSeq: 0 } } as EventEnvelope;
    expect(ids(pagesWithEvent(data, grown, archive))).toEqual(["n001"]);
    const unarchived = event(10, "notification.unarchived", { ids: ["n001"] });
    expect(ids(pagesWithEvent(data, unarchived, archive))).toEqual(["n002"]);
    expect(listNeedsReload(unarchived, inbox)).toBe(true);
  });

  it("filters by kind: a new import reaches Imports and All, not Mentions or Announcements", () => {
    const data = pages([notification(1)]);
    const imported = created(11, notification(5, { type: "import.completed" }), 1);
    expect(ids(pagesWithEvent(data, imported, { kind: "imports", archived: false }))).toEqual(["n005", "n001"]);
    expect(pagesWithEvent(data, imported, { kind: "mentions", archived: false })).toBe(data);
    expect(pagesWithEvent(data, imported, { kind: "announcements", archived: false })).toBe(data);
    const mention = created(12, notification(6, { type: "mention.comment" }), 1);
    expect(ids(pagesWithEvent(data, mention, { kind: "mentions", archived: false }))).toEqual(["n006", "n001"]);
  });
});
