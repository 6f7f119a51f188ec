// Journey: an admin's notification reaches the recipient's open tab live, in
// order, and never anyone else's; nothing uncommitted is ever sent.
import { describe, expect, it } from "vitest";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, transactionWithEvents } from "@/server/realtime/outbox";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client } = liveHarness();

describe("notification delivery", () => {
  it("delivers an admin's notification to the recipient's subscribed client", async () => {
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
    await db.user.update({ where: { id: admin.id }, data: { avatarUploadId: "admin-avatar" } });
    const tab = client(alice);
    expect(await tab.subscribe(channels.user(alice.id))).toEqual({ ok: true });

    const sent = await callerFor(admin).notifications.send({
      recipientEmail: alice.email,
      title: "Deploy finished",
      body: "Version 2 is live",
      link: "/inbox",
    });

    const [event] = await tab.waitForEvents(channels.user(alice.id), 1);
    expect(event).toMatchObject({
      id: 1,
      type: "notification.created",
      channel: channels.user(alice.id),
      data: {
        unreadCount: 1,
        notification: { id: sent.id, title: "Deploy finished", body: "Version 2 is live", link: "/inbox", readAt: null },
      },
    });
    // The sender's name and avatar, read in the statement that wrote it, in the event and in the answer.
    const sender = { senderName: admin.name, senderAvatarUrl: "/api/files/admin-avatar/thumbnail" };
    expect(event!.type === "notification.created" && event!.data.notification).toMatchObject(sender);
    expect(sent).toMatchObject(sender);
  });

  it("never delivers one person's notification to another's channel", async () => {
    const [admin, alice, bob] = await Promise.all([createUser({ role: "ADMIN" }), createUser(), createUser()]);
    const bobsTab = client(bob);
    await bobsTab.subscribe(channels.user(bob.id));

    await callerFor(admin).notifications.send({ recipientEmail: alice.email, title: "For Alice only" });
    await callerFor(admin).notifications.send({ recipientEmail: bob.email, title: "For Bob" });

    // Bob's one event arrives; had Alice's leaked it would have come first.
    const events = await bobsTab.waitForEvents(channels.user(bob.id), 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(bobsTab.events(channels.user(bob.id)).map((e) => e.type === "notification.created" && e.data.notification.title)).toEqual(["For Bob"]);
    expect(events[0]!.id).toBe(1);
  });

  it("sends nothing for a transaction that rolled back", async () => {
    const alice = await createUser();
    const tab = client(alice);
    await tab.subscribe(channels.user(alice.id));
    const before = await db.outboxEvent.count({ where: { channel: channels.user(alice.id) } });

    await expect(
      transactionWithEvents(db, async (tx) => {
        await tx.notification.create({ data: { recipientId: alice.id, type: "test", title: "Never", body: "" } });
        await appendEvent(tx, channels.user(alice.id), "notification.all-read", {
          readAt: new Date().toISOString(),
          unreadCount: 0,
          broadcastSeq: 0,
        });
        throw new Error("something failed after the event was written");
      }),
    ).rejects.toThrow("something failed");

    expect(await db.outboxEvent.count({ where: { channel: channels.user(alice.id) } })).toBe(before);
    expect(await db.notification.count({ where: { recipientId: alice.id } })).toBe(0);

    // A later committed change arrives as the channel's first event: the
    // rolled-back one neither arrived nor used up a number.
    await notify({ recipientId: alice.id, type: "system.test", title: "Committed" });
    const events = await tab.waitForEvents(channels.user(alice.id), 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(tab.events(channels.user(alice.id))).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: 1, type: "notification.created", data: { notification: { title: "Committed" } } });
  });

  it("numbers a channel's events 1, 2, 3… in commit order, with counts that never drift, under concurrent writers", async () => {
    const alice = await createUser();
    const tab = client(alice);
    await tab.subscribe(channels.user(alice.id));

    await Promise.all(
      Array.from({ length: 12 }, (_, i) => notify({ recipientId: alice.id, type: "system.test", title: `n${i}` })),
    );

    const events = await tab.waitForEvents(channels.user(alice.id), 12);
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // Each count was taken under the channel's lock, so it is exact at its event.
    expect(events.map((e) => e.type === "notification.created" && e.data.unreadCount)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it("tells other tabs when a notification is read, and when all are", async () => {
    const alice = await createUser();
    const [first, second] = [client(alice), client(alice)];
    await Promise.all([first.subscribe(channels.user(alice.id)), second.subscribe(channels.user(alice.id))]);
    const a = await notify({ recipientId: alice.id, type: "system.test", title: "one" });
    await notify({ recipientId: alice.id, type: "system.test", title: "two" });

    await callerFor(alice).notifications.markRead({ id: a!.id });
    await callerFor(alice).notifications.markRead({ id: a!.id }); // again: no new event
    await callerFor(alice).notifications.markAllRead();

    const events = await first.waitForEvents(channels.user(alice.id), 4);
    await new Promise((r) => setTimeout(r, 200));
    expect(first.events(channels.user(alice.id)).map((e) => [e.id, e.type, "unreadCount" in e.data && e.data.unreadCount])).toEqual([
      [1, "notification.created", 1],
      [2, "notification.created", 2],
      [3, "notification.read", 1],
      [4, "notification.all-read", 0],
    ]);
    expect((await second.waitForEvents(channels.user(alice.id), 4)).map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(await callerFor(alice).notifications.unreadCount()).toBe(0);
  });
});
