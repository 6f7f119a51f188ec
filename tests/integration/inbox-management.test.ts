// Journey: a person manages their inbox. They archive, bring back, delete,
// mark unread and read, one entry or a selection at once, in the app and
// over REST; another of their tabs (a pusher-js client on their channel)
// hears each change with the badge's new count, and that count always
// equals the unread entries the inbox lists. Filters by kind and the
// Archive view list what they say.
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "@/lib/events";
import { broadcastCopyId } from "@/lib/notifications/notification-cache";
import { createAccessToken } from "@/server/access-tokens/tokens";
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { countUnreadRows } from "@/server/notifications/unread";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import type { RealtimeTestClient } from "../helpers/realtime-client";
import { rest } from "../helpers/rest";
import { createUser } from "../helpers/users";

const { client } = liveHarness();

/** Another tab of the person: waits for their channel's next event. */
async function otherTab(user: SessionUser) {
  const tab: RealtimeTestClient = client(user);
  const channel = channels.user(user.id);
  await tab.subscribe(channel);
  let seen = 0;
  return {
    async next(): Promise<EventEnvelope> {
      const events = await tab.waitForEvents(channel, seen + 1);
      return events[seen++]!;
    },
    /** Skips the events so far (the notifications a test set up). */
    async skip(count: number) {
      await tab.waitForEvents(channel, seen + count);
      seen += count;
    },
  };
}

/** What the inbox lists as unread (all pages), the badge's number, and the rows counted. */
async function badgeAndInbox(user: SessionUser) {
  const me = callerFor(user);
  const unread = await me.notifications.list({ limit: 100, kind: "unread" });
  return {
    listed: unread.items.length,
    badge: await me.notifications.unreadCount(),
    rows: await countUnreadRows(db, user.id),
  };
}

const titles = (page: { items: { title: string }[] }) => page.items.map((n) => n.title);

describe("managing the inbox", () => {
  it("archive and bring back, one and several: out of the inbox and the count, in the Archive, live in another tab", async () => {
    const alice = await createUser();
    const me = callerFor(alice);
    const made = [];
    for (const title of ["n1", "n2", "n3"]) made.push((await notify({ recipientId: alice.id, type: "admin.message", title }))!);
    const tab = await otherTab(alice);

    await me.notifications.markRead({ id: made[0]!.id });
    expect(await me.notifications.archive({ ids: [made[0]!.id, made[1]!.id] })).toEqual({ changed: 2, unreadCount: 1 });
    expect((await tab.next()).type).toBe("notification.read");
    const moved = await tab.next();
    expect(moved).toMatchObject({ type: "notification.archived", data: { unreadCount: 1 } });
    expect(new Set((moved.data as { ids: string[] }).ids)).toEqual(new Set([made[0]!.id, made[1]!.id]));

    expect(titles(await me.notifications.list({ limit: 10 }))).toEqual(["n3"]);
    expect(titles(await me.notifications.list({ limit: 10, archived: true }))).toEqual(["n2", "n1"]);
    expect((await me.notifications.summary()).latest.map((n) => n.title)).toEqual(["n3"]);
    expect(await badgeAndInbox(alice)).toEqual({ listed: 1, badge: 1, rows: 1 });

    // Archiving again changes nothing and says so, with no event.
    expect(await me.notifications.archive({ ids: [made[0]!.id] })).toEqual({ changed: 0, unreadCount: 1 });

    // Back to the inbox: the unread one counts again.
    expect(await me.notifications.unarchive({ ids: [made[1]!.id] })).toEqual({ changed: 1, unreadCount: 2 });
    expect(await tab.next()).toMatchObject({ type: "notification.unarchived", data: { ids: [made[1]!.id], unreadCount: 2 } });
    expect(titles(await me.notifications.list({ limit: 10 }))).toEqual(["n3", "n2"]);
    expect(titles(await me.notifications.list({ limit: 10, archived: true }))).toEqual(["n1"]);
    expect(await badgeAndInbox(alice)).toEqual({ listed: 2, badge: 2, rows: 2 });

    // Someone else's notification: "not found", and nothing of theirs changes.
    const bob = await createUser();
    await expect(callerFor(bob).notifications.archive({ ids: [made[2]!.id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // In a selection it is skipped; the person's own ones still change.
    const bobs = (await notify({ recipientId: bob.id, type: "admin.message", title: "bob's" }))!;
    expect(await me.notifications.archive({ ids: [bobs.id, made[2]!.id] })).toEqual({ changed: 1, unreadCount: 1 });
    expect(await tab.next()).toMatchObject({ type: "notification.archived", data: { ids: [made[2]!.id], unreadCount: 1 } });
    expect(await callerFor(bob).notifications.unreadCount()).toBe(1);
  });

  it("mark unread and read in bulk, delete: every change reaches the other tab with the count the inbox shows", async () => {
    const alice = await createUser();
    const me = callerFor(alice);
    const made = [];
    for (const title of ["a", "b", "c", "d"]) made.push((await notify({ recipientId: alice.id, type: "admin.message", title }))!);
    const ids = made.map((n) => n.id);
    const tab = await otherTab(alice);

    expect(await me.notifications.markManyRead({ ids: ids.slice(0, 3) })).toEqual({ changed: 3, unreadCount: 1 });
    expect(await tab.next()).toMatchObject({ type: "notification.read", data: { unreadCount: 1 } });
    expect(await badgeAndInbox(alice)).toEqual({ listed: 1, badge: 1, rows: 1 });

    expect(await me.notifications.markUnread({ ids: [ids[0]!, ids[1]!, ids[3]!] })).toEqual({ changed: 2, unreadCount: 3 });
    const unread = await tab.next();
    expect(unread).toMatchObject({ type: "notification.unread", data: { unreadCount: 3 } });
    expect(new Set((unread.data as { ids: string[] }).ids)).toEqual(new Set([ids[0], ids[1]]));
    expect(titles(await me.notifications.list({ limit: 10, kind: "unread" }))).toEqual(["d", "b", "a"]);
    expect(await badgeAndInbox(alice)).toEqual({ listed: 3, badge: 3, rows: 3 });

    expect(await me.notifications.delete({ ids: [ids[0]!, ids[2]!] })).toEqual({ changed: 2, unreadCount: 2 });
    expect(await tab.next()).toMatchObject({ type: "notification.deleted", data: { unreadCount: 2 } });
    expect(titles(await me.notifications.list({ limit: 10 }))).toEqual(["d", "b"]);
    expect(await db.notification.count({ where: { id: { in: [ids[0]!, ids[2]!] } } })).toBe(0);
    await expect(me.notifications.delete({ ids: [ids[0]!] })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // An archived entry can be deleted from the Archive too, and leaves it.
    await me.notifications.archive({ ids: [ids[1]!] });
    expect((await tab.next()).type).toBe("notification.archived");
    await me.notifications.delete({ ids: [ids[1]!] });
    expect(await tab.next()).toMatchObject({ type: "notification.deleted", data: { ids: [ids[1]], unreadCount: 1 } });
    expect((await me.notifications.list({ limit: 10, archived: true })).items).toEqual([]);
    expect(await badgeAndInbox(alice)).toEqual({ listed: 1, badge: 1, rows: 1 });

    // At most 100 at once.
    await expect(
      me.notifications.archive({ ids: Array.from({ length: 101 }, (_, i) => `x${i}`) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a grouped entry: deleting it takes its items; archived, a new item brings it back", async () => {
    const alice = await createUser({ name: "Alice" });
    const [bea, carl] = [await createUser({ name: "Bea" }), await createUser({ name: "Carl" })];
    const post = await callerFor(alice).posts.create({ title: "Roadmap", body: "?" });
    await callerFor(bea).posts.addComment({ postId: post.id, body: "1" });
    await callerFor(carl).posts.addComment({ postId: post.id, body: "2" });
    const me = callerFor(alice);
    const [entry] = (await me.notifications.list({ limit: 10 })).items;
    expect(entry!.groupCount).toBe(2);

    await me.notifications.archive({ ids: [entry!.id] });
    expect(await badgeAndInbox(alice)).toEqual({ listed: 0, badge: 0, rows: 0 });
    await callerFor(bea).posts.addComment({ postId: post.id, body: "3" });
    const back = (await me.notifications.list({ limit: 10 })).items;
    expect(back.map((n) => [n.id, n.groupCount])).toEqual([[entry!.id, 3]]);
    expect(await badgeAndInbox(alice)).toEqual({ listed: 1, badge: 1, rows: 1 });

    await me.notifications.delete({ ids: [entry!.id] });
    expect(await db.notification.count({ where: { recipientId: alice.id } })).toBe(0);
    expect(await badgeAndInbox(alice)).toEqual({ listed: 0, badge: 0, rows: 0 });
  });

  it("filters by kind: mentions, announcements and imports; a broadcast not yet copied can be archived and deleted by its id", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const alice = await createUser();
    const me = callerFor(alice);
    await notify({ recipientId: alice.id, type: "import.completed", title: "Import done" });
    await notify({ recipientId: alice.id, type: "mention", title: "Bea mentioned you" });
    await notify({ recipientId: alice.id, type: "admin.message", title: "Hello" });
    const tab = await otherTab(alice);
    const first = await callerFor(admin).admin.sendAnnouncement({ audience: { kind: "everyone" }, title: "Upgrade tonight" });
    const second = await callerFor(admin).admin.sendAnnouncement({ audience: { kind: "everyone" }, title: "Upgrade done" });

    // Nothing has copied the broadcasts into Alice's inbox yet: archiving one by its copy's id copies them first.
    const firstCopy = broadcastCopyId(first.broadcastId!, alice.id);
    expect(await db.notification.count({ where: { id: firstCopy } })).toBe(0);
    expect(await me.notifications.archive({ ids: [firstCopy] })).toEqual({ changed: 1, unreadCount: 4 });
    expect(await tab.next()).toMatchObject({ type: "notification.archived", data: { ids: [firstCopy], unreadCount: 4 } });

    expect(titles(await me.notifications.list({ limit: 10, kind: "announcements" }))).toEqual(["Upgrade done"]);
    expect(titles(await me.notifications.list({ limit: 10, kind: "announcements", archived: true }))).toEqual(["Upgrade tonight"]);
    expect(titles(await me.notifications.list({ limit: 10, kind: "mentions" }))).toEqual(["Bea mentioned you"]);
    expect(titles(await me.notifications.list({ limit: 10, kind: "imports" }))).toEqual(["Import done"]);
    expect(titles(await me.notifications.list({ limit: 10 }))).toEqual(["Upgrade done", "Hello", "Bea mentioned you", "Import done"]);

    // A deleted broadcast copy is not copied again.
    const secondCopy = broadcastCopyId(second.broadcastId!, alice.id);
    expect(await me.notifications.delete({ ids: [secondCopy, firstCopy] })).toEqual({ changed: 2, unreadCount: 3 });
    expect(await tab.next()).toMatchObject({ type: "notification.deleted", data: { unreadCount: 3 } });
    const summary = await me.notifications.summary();
    expect(summary.latest.map((n) => n.title)).toEqual(["Hello", "Bea mentioned you", "Import done"]);
    expect(summary.unreadCount + summary.pending.length).toBe(3);
    expect(await badgeAndInbox(alice)).toEqual({ listed: 3, badge: 3, rows: 3 });
  });

  it("REST: the same operations with a notifications:write token, the filters with notifications:read; the other tab hears them", async () => {
    const alice = await createUser();
    const made = [];
    for (const title of ["r1", "r2", "r3"]) made.push((await notify({ recipientId: alice.id, type: "import.failed", title }))!);
    const [r1, r2, r3] = made.map((n) => n.id);
    const tab = await otherTab(alice);
    const write = (await createAccessToken({ actor: alice, name: "script", scopes: ["notifications:read", "notifications:write"] })).token;
    const readOnly = (await createAccessToken({ actor: alice, name: "reader", scopes: ["notifications:read"] })).token;

    expect(await rest("POST", "/notifications/archive", write, { ids: [r1, r2] })).toMatchObject({
      status: 200,
      json: { changed: 2, unreadCount: 1 },
    });
    expect(await tab.next()).toMatchObject({ type: "notification.archived", data: { unreadCount: 1 } });
    const archive = await rest("GET", "/notifications?archived=true&kind=imports", readOnly);
    expect((archive.json.items as { title: string }[]).map((n) => n.title)).toEqual(["r2", "r1"]);
    expect((await rest("GET", "/notifications?archived=false", readOnly)).json.items).toHaveLength(1);

    expect(await rest("POST", "/notifications/unarchive", write, { ids: [r2] })).toMatchObject({ json: { changed: 1, unreadCount: 2 } });
    expect((await tab.next()).type).toBe("notification.unarchived");
    expect(await rest("POST", "/notifications/read", write, { ids: [r2, r3] })).toMatchObject({ json: { changed: 2, unreadCount: 0 } });
    expect((await tab.next()).type).toBe("notification.read");
    expect(await rest("POST", "/notifications/unread", write, { ids: [r3] })).toMatchObject({ json: { changed: 1, unreadCount: 1 } });
    expect((await tab.next()).type).toBe("notification.unread");
    expect(await rest("POST", "/notifications/delete", write, { ids: [r3] })).toMatchObject({ json: { changed: 1, unreadCount: 0 } });
    expect(await tab.next()).toMatchObject({ type: "notification.deleted", data: { ids: [r3], unreadCount: 0 } });
    expect((await rest("GET", "/notifications/unread-count", readOnly)).json).toBe(0);

    // A read-only token cannot change anything; unknown ids are 404; bad input 400.
    expect((await rest("POST", "/notifications/archive", readOnly, { ids: [r2] })).status).toBe(403);
    expect((await rest("POST", "/notifications/delete", write, { ids: ["nope"] })).status).toBe(404);
    expect((await rest("POST", "/notifications/archive", write, { ids: [] })).status).toBe(400);
    expect((await rest("GET", "/notifications?kind=everything", readOnly)).status).toBe(400);
  });
});
