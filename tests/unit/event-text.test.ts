// Events stay under the size limit whatever people type: text is cut by its
// bytes in the event's JSON (escapes included), at a code point.
import { describe, expect, it } from "vitest";
import { fitText, jsonTextBytes, shortText } from "@/lib/event-text";
import { eventCatalogue, MAX_EVENT_BYTES, notificationForEvent, type NotificationView } from "@/lib/events";
import { deadLettersWithEvent, type DeadLetterList } from "@/lib/admin/dead-letters";

const worst = ["\u0001", "😀", "\ud800", '"', "é", "a"];

describe("fitText", () => {
  it("leaves text that fits alone", () => {
    expect(fitText("hello", 5)).toEqual({ text: "hello", cut: false });
  });

  it.each(worst)("cuts a long run of %j to the budget, at a code point, with an ellipsis", (char) => {
    const { text, cut } = fitText(char.repeat(5_000), 1_000);
    expect(cut).toBe(true);
    expect(jsonTextBytes(text)).toBeLessThanOrEqual(1_000);
    expect(jsonTextBytes(text)).toBeGreaterThan(1_000 - 12);
    expect(text.endsWith("…")).toBe(true);
    expect(Array.from(text.slice(0, -1)).every((c) => c === char)).toBe(true);
  });

  it("shortText counts characters, not UTF-16 units", () => {
    expect(shortText("😀".repeat(10), 5)).toBe("😀😀😀😀…");
    expect(shortText("short", 5)).toBe("short");
  });
});

describe("a notification's event", () => {
  const base: NotificationView = {
    id: "n1",
    type: "post.commented",
    title: "t",
    body: "",
    link: "/posts/1",
    senderName: null,
    createdAt: new Date(0).toISOString(),
    readAt: null,
    groupCount: 1,
    actors: [],
    urgent: false,
  };

  it.each(worst)("stays under the limit with every text field full of %j, and says it was cut", (char) => {
    const notification: NotificationView = {
      ...base,
      title: char.repeat(5_000),
      body: char.repeat(20_000),
      senderName: char.repeat(500),
      link: `https://example.com/${char.repeat(3_000)}`,
      groupCount: 100,
      actors: Array.from({ length: 100 }, () => char.repeat(80)),
    };
    const data = eventCatalogue["notification.updated"].parse({ notification, unreadCount: 1, broadcastSeq: 0 });
    expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThan(MAX_EVENT_BYTES);
    expect(data.notification.truncated).toBe(true);
    expect(data.notification.link).toBeNull();
    expect(data.notification.actors.length).toBeGreaterThan(0);
  });

  it("is the notification as it is when everything fits", () => {
    expect(notificationForEvent(base)).toBe(base);
    expect(eventCatalogue["notification.created"].parse({ notification: base, unreadCount: 0 }).notification.truncated).toBeUndefined();
  });
});

describe("inbox management events", () => {
  it("fit with the largest selection: 100 ids of the longest length the procedures take", () => {
    const ids = Array.from({ length: 100 }, (_, i) => String(i).padStart(64, "x"));
    const data = eventCatalogue["notification.archived"].parse({ ids, archivedAt: new Date(0).toISOString(), unreadCount: 1_000_000, broadcastSeq: 1_000_000 });
    expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThan(MAX_EVENT_BYTES - 1_024);
  });
});

describe("the admin page's dead letters", () => {
  const letter = (id: string) => ({
    id,
    channel: "private-user.u1",
    seq: 2,
    type: "notification.created",
    error: "HTTP 413",
    attempts: 5,
    createdAt: new Date(0).toISOString(),
    deadAt: new Date(0).toISOString(),
    resolvedAt: null,
    resolution: null,
    resolvedBy: null,
  });
  const envelope = (id: number, type: "dead-letter.created" | "dead-letter.resolved", deadLetter = letter("7")) =>
    ({ id, type, channel: "private-admin", at: new Date(0).toISOString(), data: { deadLetter } }) as const;

  it("adds a new one on top, removes a resolved one, and skips what the list already includes", () => {
    let list: DeadLetterList = { head: 3, unresolved: 1, items: [letter("5")] };
    list = deadLettersWithEvent(list, envelope(4, "dead-letter.created"));
    expect(list).toMatchObject({ head: 4, unresolved: 2, items: [{ id: "7" }, { id: "5" }] });
    expect(deadLettersWithEvent(list, envelope(4, "dead-letter.created"))).toBe(list);
    list = deadLettersWithEvent(list, envelope(5, "dead-letter.resolved", letter("5")));
    expect(list).toMatchObject({ head: 5, unresolved: 1, items: [{ id: "7" }] });
  });
});

describe("a run's events", () => {
  it("cut a long reason or log line instead of refusing it (a refusal would leave the run unended)", () => {
    const at = new Date(0).toISOString();
    const activity = eventCatalogue["process.activity"].parse({
      processId: "p",
      activity: { id: "1", level: "error", message: "😀".repeat(500), createdAt: at },
    });
    expect(activity.activity.message).toBe("😀".repeat(500));
    const step = { position: 0, name: "validate", status: "FAILED", done: 0, total: null, unit: "bytes", error: "\u0001".repeat(10_000) };
    const failed = eventCatalogue["step.failed"].parse({ processId: "p", step });
    expect(Buffer.byteLength(JSON.stringify(failed))).toBeLessThan(MAX_EVENT_BYTES);
    expect(failed.step.error!.endsWith("…")).toBe(true);
  });
});
