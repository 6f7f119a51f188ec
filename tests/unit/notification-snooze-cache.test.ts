// The browser's side of snoozing: `notification.snoozed` takes the entry out
// of the summary and every loaded list page and sets the count; when it
// comes back (`notification.created`, same id) it is on top again, unread.
import { describe, expect, it } from "vitest";
import type { EventEnvelope, NotificationView } from "@/lib/events";
import { pagesWithEvent, summaryWithEvent, type NotificationPages } from "@/lib/notifications/notification-cache";

const CHANNEL = "private-user.u1";
const at = new Date(Date.UTC(2026, 0, 1, 13)).toISOString();

function notification(n: number, overrides: Partial<NotificationView> = {}): NotificationView {
  return {
    id: `n${n}`,
    type: "post.commented",
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

function snoozed(id: number, notificationId: string, unreadCount: number): EventEnvelope {
  return {
    id,
    type: "notification.snoozed",
    channel: CHANNEL,
    at,
    data: { id: notificationId, until: "2026-01-01T14:00:00.000Z", unreadCount, broadcastSeq: 0 },
  };
}

function created(id: number, n: NotificationView, unreadCount: number): EventEnvelope {
  return { id, type: "notification.created", channel: CHANNEL, at, data: { notification: n, unreadCount, broadcastSeq: 0 } };
}

const noBroadcasts = { broadcastSeq: 0, pending: [], broadcastHeads: {}, acceptsBroadcasts: true };

describe("snoozing in the browser's cache", () => {
  it("removes the entry from the summary and sets the count, once", () => {
    const summary = { unreadCount: 3, latest: [notification(3), notification(2), notification(1)], head: 5, ...noBroadcasts };
    const after = summaryWithEvent(summary, snoozed(6, "n2", 2));
    expect(after).toEqual({ unreadCount: 2, latest: [notification(3), notification(1)], head: 6, ...noBroadcasts });
    // Applied again (a replay): nothing changes.
    expect(summaryWithEvent(after, snoozed(6, "n2", 2))).toBe(after);
    // Already in the snapshot: ignored.
    expect(summaryWithEvent(summary, snoozed(5, "n2", 2))).toBe(summary);
  });

  it("removes the entry from every loaded page, in both filters, and leaves other lists alone", () => {
    const data: NotificationPages<string | null> = {
      pages: [
        { items: [notification(4), notification(3)], nextCursor: "n3" },
        { items: [notification(2), notification(1)], nextCursor: null },
      ],
      pageParams: [null, "n3"],
    };
    for (const unreadOnly of [false, true]) {
      const after = pagesWithEvent(data, snoozed(7, "n2", 3), { unreadOnly });
      expect(after.pages.map((p) => p.items.map((n) => n.id))).toEqual([["n4", "n3"], ["n1"]]);
    }
    const other = pagesWithEvent(data, snoozed(7, "n9", 3), { unreadOnly: false });
    expect(other).toBe(data);
  });

  it("brings it back on top, unread, when it returns", () => {
    const summary = { unreadCount: 1, latest: [notification(3)], head: 6, ...noBroadcasts };
    const back = notification(2, { createdAt: new Date(Date.UTC(2026, 0, 1, 14)).toISOString() });
    expect(summaryWithEvent(summary, created(7, back, 2))).toEqual({ unreadCount: 2, latest: [back, notification(3)], head: 7, ...noBroadcasts });
  });
});
