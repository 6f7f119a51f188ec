// Notification preferences: the choice per type decides whether
// notify() writes anything and whether it pushes; a muted post thread
// delivers nothing; quiet hours (on the person's clock, wrapping midnight)
// hold pushes back; urgent ones go through mutes and quiet hours; a snoozed
// notification leaves the inbox and the count and comes back unread, live,
// at its time, woken by the real worker from the real queue.
import { describe, expect, it } from "vitest";
import { accessTokenScopes } from "@/lib/access-tokens/scopes";
import { createCaller } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { decideDelivery, isQuietTime } from "@/server/notifications/preferences";
import { wakeSnoozed } from "@/server/notifications/snooze";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { browserKeys, localPushService } from "../helpers/push-service";
import { liveHarness } from "../helpers/live-harness";
import { testWorker } from "../helpers/test-worker";
import { createUser } from "../helpers/users";

testWorker("preferences-test");
const { client } = liveHarness();

// A local push service: counts the pushes each person's device gets.
const pushService = localPushService();


function deliveryAt(input: Parameters<typeof decideDelivery>[1], now?: Date) {
  return db.$transaction((tx) => decideDelivery(tx, input, now));
}

async function subscribePush(user: { id: string; role: "USER" | "ADMIN"; email: string; name: string }) {
  await callerFor(user).push.subscribe({ endpoint: `${pushService.origin}/push/${user.id}`, keys: browserKeys().keys });
  return () => pushService.received.filter((p) => p.path === `/push/${user.id}`).length;
}

describe("choices per type", () => {
  it("a type turned off: notify writes nothing, sends no event and no push", async () => {
    const alice = await createUser();
    const pushed = await subscribePush(alice);
    const tab = client(alice);
    expect(await tab.subscribe(channels.user(alice.id))).toEqual({ ok: true });

    await callerFor(alice).preferences.setType({ type: "import.completed", choice: "off" });
    expect(await notify({ recipientId: alice.id, type: "import.completed", title: "Import finished: sales" })).toBeNull();
    // A type left alone still arrives: its event is the channel's first, so none came before it.
    await notify({ recipientId: alice.id, type: "import.failed", title: "Import failed: sales" });

    const [event] = await tab.waitForEvents(channels.user(alice.id), 1);
    expect(event).toMatchObject({ id: 1, type: "notification.created", data: { notification: { title: "Import failed: sales" } } });
    await expect.poll(pushed).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(tab.events(channels.user(alice.id))).toHaveLength(1);
    expect(pushed()).toBe(1);
    expect(await db.notification.findMany({ where: { recipientId: alice.id }, select: { type: true } })).toEqual([
      { type: "import.failed" },
    ]);
    expect((await callerFor(alice).preferences.get()).types).toContainEqual({ type: "import.completed", choice: "off" });
  });

  it('"app only" writes the notification but pushes nothing; "app and push" pushes again', async () => {
    const alice = await createUser();
    const pushed = await subscribePush(alice);
    await callerFor(alice).preferences.setType({ type: "post.commented", choice: "app" });
    expect(await deliveryAt({ recipientId: alice.id, type: "post.commented" })).toEqual({ inApp: true, push: false });

    const quiet = await notify({ recipientId: alice.id, type: "post.commented", title: "Bob commented" });
    expect(quiet).toMatchObject({ title: "Bob commented", readAt: null });
    await new Promise((r) => setTimeout(r, 500));
    expect(pushed()).toBe(0);

    await callerFor(alice).preferences.setType({ type: "post.commented", choice: "app-and-push" });
    // Back to the default: stored as no row at all.
    expect(await db.notificationPreference.count({ where: { userId: alice.id } })).toBe(0);
    await notify({ recipientId: alice.id, type: "post.commented", title: "Carol commented" });
    await expect.poll(pushed).toBe(1);
    expect(await callerFor(alice).notifications.unreadCount()).toBe(2);
  });

  it('"push only" pushes without an inbox entry', async () => {
    const alice = await createUser();
    const pushed = await subscribePush(alice);
    await callerFor(alice).preferences.setType({ type: "import.failed", choice: "push" });
    expect(await notify({ recipientId: alice.id, type: "import.failed", title: "Import failed" })).toBeNull();
    await expect.poll(pushed).toBe(1);
    expect(await db.notification.count({ where: { recipientId: alice.id } })).toBe(0);
  });

  it("an admin's message to one person always reaches the inbox, whatever is stored", async () => {
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
    // Not choosable through the API (see the invalid inputs below); stored by hand to prove it is ignored.
    await db.notificationPreference.create({ data: { userId: alice.id, type: "admin.message", inApp: false, push: false } });
    const sent = await callerFor(admin).notifications.send({ recipientEmail: alice.email, title: "Please read" });
    expect(sent.title).toBe("Please read");
    expect(await callerFor(alice).notifications.unreadCount()).toBe(1);
  });
});

describe("mutes", () => {
  it("a muted post thread: a comment on it creates no notification for the author; unmuted, it does", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const post = await callerFor(alice).posts.create({ title: "Muted thread", body: "" });
    await callerFor(alice).preferences.mute({ kind: "post", targetId: post.id });
    expect(await callerFor(alice).preferences.muteStatus({ kind: "post", targetId: post.id })).toMatchObject({ muted: true });
    expect(await callerFor(alice).preferences.mutes()).toMatchObject([{ kind: "post", targetId: post.id, name: "Muted thread" }]);

    await callerFor(bob).posts.addComment({ postId: post.id, body: "First!" });
    expect(await db.notification.count({ where: { recipientId: alice.id } })).toBe(0);
    expect(await db.comment.count({ where: { postId: post.id } })).toBe(1);

    await callerFor(alice).preferences.unmute({ kind: "post", targetId: post.id });
    await callerFor(bob).posts.addComment({ postId: post.id, body: "Second" });
    expect(await db.notification.findMany({ where: { recipientId: alice.id }, select: { type: true } })).toEqual([
      { type: "post.commented" },
    ]);
    expect(await callerFor(alice).preferences.mutes()).toEqual([]);
  });

  it("a private room one is not in cannot be muted (not found); a public one can", async () => {
    const [owner, alice] = await Promise.all([createUser(), createUser()]);
    const secret = await callerFor(owner).rooms.create({ name: "Secret plans", visibility: "PRIVATE" });
    const open = await callerFor(owner).rooms.create({ name: "Lobby", visibility: "PUBLIC" });
    await expect(callerFor(alice).preferences.mute({ kind: "room", targetId: secret.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(callerFor(alice).preferences.mute({ kind: "post", targetId: "no-such-post" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await callerFor(alice).preferences.mute({ kind: "room", targetId: open.id });
    expect(await callerFor(alice).preferences.mutes()).toMatchObject([{ kind: "room", targetId: open.id, name: "Lobby" }]);
    expect(await deliveryAt({ recipientId: alice.id, type: "room.message", subject: { kind: "room", id: open.id } })).toEqual({
      inApp: false,
      push: false,
    });
  });
});

describe("quiet hours and urgent notifications", () => {
  it("quiet hours wrap past midnight on the person's own clock", async () => {
    const alice = await createUser();
    // 22:00-07:00 in Tokyo (UTC+9 all year).
    await callerFor(alice).preferences.setQuietHours({ start: 22 * 60, end: 7 * 60, timeZone: "Asia/Tokyo" });
    const at = (iso: string) => deliveryAt({ recipientId: alice.id, type: "post.commented" }, new Date(iso));
    expect(await at("2026-06-01T12:59:00Z")).toEqual({ inApp: true, push: true }); // 21:59 in Tokyo
    expect(await at("2026-06-01T13:00:00Z")).toEqual({ inApp: true, push: false }); // 22:00
    expect(await at("2026-06-01T15:30:00Z")).toEqual({ inApp: true, push: false }); // 00:30, past midnight
    expect(await at("2026-06-01T21:59:00Z")).toEqual({ inApp: true, push: false }); // 06:59
    expect(await at("2026-06-01T22:00:00Z")).toEqual({ inApp: true, push: true }); // 07:00: over

    // The same UTC instant is quiet or not depending on the zone (New York in summer is UTC-4).
    const window = { quietStart: 22 * 60, quietEnd: 7 * 60 };
    expect(isQuietTime({ ...window, timeZone: "America/New_York" }, new Date("2026-07-01T06:00:00Z"))).toBe(true); // 02:00
    expect(isQuietTime({ ...window, timeZone: "Europe/Paris" }, new Date("2026-07-01T06:00:00Z"))).toBe(false); // 08:00
  });

  it("an urgent notification goes through a mute and quiet hours", async () => {
    const alice = await createUser();
    const post = await callerFor(alice).posts.create({ title: "Busy thread", body: "" });
    await callerFor(alice).preferences.mute({ kind: "post", targetId: post.id });
    // Quiet all day but one minute, whatever the time now.
    const now = new Date();
    const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
    await callerFor(alice).preferences.setQuietHours({ start: (minute + 1) % 1440, end: minute, timeZone: "UTC" });
    const later = new Date(now.getTime() + 2 * 60_000);
    const subject = { kind: "post" as const, id: post.id };

    expect(await deliveryAt({ recipientId: alice.id, type: "broadcast", subject }, later)).toEqual({ inApp: false, push: false });
    expect(await deliveryAt({ recipientId: alice.id, type: "broadcast" }, later)).toEqual({ inApp: true, push: false });
    expect(await deliveryAt({ recipientId: alice.id, type: "broadcast", subject, urgent: true }, later)).toEqual({
      inApp: true,
      push: true,
    });

    const pushed = await subscribePush(alice);
    expect(await notify({ recipientId: alice.id, type: "post.commented", title: "Muted", subject })).toBeNull();
    const urgent = await notify({ recipientId: alice.id, type: "broadcast", title: "Evacuate", subject, urgent: true });
    expect(urgent).toMatchObject({ title: "Evacuate", urgent: true });
    await expect.poll(pushed).toBe(1);
    expect(await callerFor(alice).notifications.unreadCount()).toBe(1);
  });
});

describe("snooze", () => {
  it("a snoozed notification leaves the inbox and the count, then returns at its time, unread and live", async () => {
    const alice = await createUser();
    const tab = client(alice);
    expect(await tab.subscribe(channels.user(alice.id))).toEqual({ ok: true });
    const caller = callerFor(alice);
    const older = await notify({ recipientId: alice.id, type: "post.commented", title: "Read me later" });
    const newer = await notify({ recipientId: alice.id, type: "post.commented", title: "Stays" });
    await caller.notifications.markRead({ id: older!.id });
    await tab.waitForEvents(channels.user(alice.id), 3);

    const until = new Date(Date.now() + 2_000);
    expect(await caller.preferences.snooze({ id: older!.id, until })).toEqual({
      id: older!.id,
      until: until.toISOString(),
      unreadCount: 1,
    });
    const snoozed = (await tab.waitForEvents(channels.user(alice.id), 4))[3];
    expect(snoozed).toMatchObject({
      id: 4,
      type: "notification.snoozed",
      data: { id: older!.id, until: until.toISOString(), unreadCount: 1 },
    });
    expect((await caller.notifications.list({})).items.map((n) => n.id)).toEqual([newer!.id]);
    expect((await caller.notifications.summary()).latest.map((n) => n.id)).toEqual([newer!.id]);
    expect(await caller.notifications.unreadCount()).toBe(1);

    // The worker wakes it from the queue at its time.
    const [, , , , back] = await tab.waitForEvents(channels.user(alice.id), 5, 15_000);
    expect(Date.now()).toBeGreaterThanOrEqual(until.getTime());
    expect(back).toMatchObject({
      id: 5,
      type: "notification.created",
      data: { unreadCount: 2, notification: { id: older!.id, title: "Read me later", readAt: null } },
    });
    const list = await caller.notifications.list({});
    expect(list.items.map((n) => [n.id, n.readAt])).toEqual([
      [older!.id, null], // on top, as a new one
      [newer!.id, null],
    ]);
    expect(await caller.notifications.unreadCount()).toBe(2);

    // A job run again (or the sweep after it) re-delivers nothing.
    expect(await wakeSnoozed(db, older!.id)).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(tab.events(channels.user(alice.id))).toHaveLength(5);
  });

  it("another person's notification cannot be snoozed (not found), and nothing changes", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const mine = await notify({ recipientId: alice.id, type: "post.commented", title: "Alice's" });
    await expect(
      callerFor(bob).preferences.snooze({ id: mine!.id, until: new Date(Date.now() + 3_600_000) }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(null).preferences.snooze({ id: mine!.id, until: new Date(Date.now() + 3_600_000) })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(await db.notification.findUniqueOrThrow({ where: { id: mine!.id } })).toMatchObject({ snoozedUntil: null });
    expect(await db.outboxEvent.count({ where: { channel: channels.user(bob.id) } })).toBe(0);
    expect(await db.outboxEvent.count({ where: { channel: channels.user(alice.id) } })).toBe(1);
  });
});

describe("invalid inputs", () => {
  it("are refused with nothing changed", async () => {
    const alice = await createUser();
    const caller = callerFor(alice);
    await caller.preferences.setQuietHours({ start: 60, end: 120, timeZone: "Europe/Paris" });
    const mine = await notify({ recipientId: alice.id, type: "post.commented", title: "Hello" });
    const snapshot = async () => ({
      user: await db.user.findUniqueOrThrow({ where: { id: alice.id }, select: { quietStart: true, quietEnd: true, timeZone: true } }),
      preferences: await db.notificationPreference.count({ where: { userId: alice.id } }),
      mutes: await db.notificationMute.count({ where: { userId: alice.id } }),
      notification: await db.notification.findUniqueOrThrow({ where: { id: mine!.id }, select: { snoozedUntil: true } }),
      events: await db.outboxEvent.count({ where: { channel: channels.user(alice.id) } }),
    });
    const before = await snapshot();

    const refused = [
      caller.preferences.setQuietHours({ start: 60, end: 120, timeZone: "Mars/Olympus_Mons" }),
      caller.preferences.setQuietHours({ start: 1440, end: 120, timeZone: "UTC" }),
      caller.preferences.setQuietHours({ start: -1, end: 120, timeZone: "UTC" }),
      caller.preferences.setQuietHours({ start: 90.5, end: 120, timeZone: "UTC" }),
      caller.preferences.setQuietHours({ start: 120, end: 120, timeZone: "UTC" }),
      caller.preferences.setType({ type: "admin.message" as "broadcast", choice: "off" }),
      caller.preferences.setType({ type: "post.commented", choice: "sometimes" as "off" }),
      caller.preferences.mute({ kind: "user" as "room", targetId: alice.id }),
      caller.preferences.mute({ kind: "post", targetId: "" }),
      caller.preferences.snooze({ id: mine!.id, until: new Date(Date.now() - 1_000) }),
      caller.preferences.snooze({ id: mine!.id, until: new Date(Date.now() + 31 * 24 * 3_600_000) }),
      caller.preferences.snooze({ id: mine!.id, until: "not a date" as unknown as Date }),
    ];
    for (const call of refused) await expect(call).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await snapshot()).toEqual(before);
    expect((await caller.preferences.get()).quietHours).toEqual({ start: 60, end: 120, timeZone: "Europe/Paris" });
  });

  it("signed-out callers and access tokens (even with every scope) are refused", async () => {
    await expect(callerFor(null).preferences.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerFor(null).preferences.setType({ type: "broadcast", choice: "off" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    const alice = await createUser();
    const token = createCaller(createContextInner({ user: alice, tokenScopes: [...accessTokenScopes] }));
    await expect(token.preferences.get()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(token.preferences.setType({ type: "broadcast", choice: "off" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.notificationPreference.count({ where: { userId: alice.id } })).toBe(0);
  });
});
