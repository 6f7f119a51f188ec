// Which buttons an entry offers, and how `notification.changed`
// replaces an entry in place in the summary and the loaded lists.
import { describe, expect, it } from "vitest";
import type { EventEnvelope, NotificationView } from "@/lib/events";
import { actionsFor } from "@/lib/notifications/actions";
import { pagesWithEvent, summaryWithEvent, type InboxSummary } from "@/lib/notifications/notification-cache";

describe("actionsFor", () => {
  it("offers Accept / Decline on an unanswered invitation, nothing once answered", () => {
    expect(actionsFor({ type: "room.invited", subjectKind: "invitation", actionResult: null }).map((a) => a.id)).toEqual(["accept", "decline"]);
    expect(actionsFor({ type: "document.invited", subjectKind: "invitation", actionResult: "declined" })).toEqual([]);
  });

  it("offers Reply on comments and mentions about a post, comment, room or message", () => {
    for (const subjectKind of ["post", "comment", "room", "message"]) {
      expect(actionsFor({ type: "mention", subjectKind, actionResult: null }).map((a) => a.id)).toEqual(["reply"]);
    }
    expect(actionsFor({ type: "post.commented", subjectKind: "post", actionResult: "replied" }).map((a) => a.id)).toEqual(["reply"]);
    expect(actionsFor({ type: "admin.message", subjectKind: null, actionResult: null })).toEqual([]);
    expect(actionsFor({ type: "post.commented", subjectKind: null, actionResult: null })).toEqual([]);
  });
});

const entry = (id: string, overrides: Partial<NotificationView> = {}): NotificationView => ({
  id,
  type: "room.invited",
  title: id,
  body: "",
  link: null,
  senderName: "Ada",
  createdAt: `2026-01-01T12:0${id.length}:00.000Z`,
  readAt: null,
  groupCount: 1,
  actors: [],
  urgent: false,
  actions: [
    { id: "accept", label: "Accept" },
    { id: "decline", label: "Decline" },
  ],
  actionResult: null,
  ...overrides,
});

const changed = (id: number, notification: NotificationView, unreadCount: number): EventEnvelope =>
  ({ id, type: "notification.changed", channel: "private-user.u1", at: "", data: { notification, unreadCount, broadcastSeq: 0 } }) as EventEnvelope;

describe("notification.changed", () => {
  const answered = entry("b", { actions: [], actionResult: "accepted", readAt: "2026-01-01T13:00:00.000Z" });

  it("replaces the entry where it stands in the summary, with the event's count", () => {
    const summary: InboxSummary = {
      unreadCount: 2,
      latest: [entry("aa"), entry("b")],
      head: 4,
      broadcastSeq: 0,
      pending: [],
      broadcastHeads: {},
      acceptsBroadcasts: true,
    };
    const next = summaryWithEvent(summary, changed(5, answered, 1));
    expect(next.latest.map((n) => [n.id, n.actionResult])).toEqual([
      ["aa", null],
      ["b", "accepted"],
    ]);
    expect(next).toMatchObject({ unreadCount: 1, head: 5 });
    // Applied again (a replay): the same.
    expect(summaryWithEvent(next, changed(5, answered, 1))).toBe(next);
  });

  it("replaces it in loaded lists; the Unread list drops it once read; unknown entries are not added", () => {
    const data = { pages: [{ items: [entry("aa"), entry("b")], nextCursor: null }], pageParams: [null] };
    const all = pagesWithEvent(data, changed(5, answered, 1), { kind: "all", archived: false });
    expect(all.pages[0]!.items[1]).toMatchObject({ id: "b", actionResult: "accepted", actions: [] });
    const unread = pagesWithEvent(data, changed(5, answered, 1), { kind: "unread", archived: false });
    expect(unread.pages[0]!.items.map((n) => n.id)).toEqual(["aa"]);
    const other = pagesWithEvent(data, changed(6, entry("zz", { actionResult: "declined" }), 1), { kind: "all", archived: false });
    expect(other).toBe(data);
  });
});
