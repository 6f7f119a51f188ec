// Web Push: a subscription pointing at a local https push endpoint (self-
// signed certificate) receives an encrypted push (RFC 8291, aes128gcm) when a
// notification is created and the person has no tab open; none while a tab is
// open; a 410 from the endpoint removes the subscription.
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { pushNotification } from "@/server/notifications/push/send-push";
import { vapidDetails } from "@/server/notifications/push/vapid";
import { callerFor } from "../helpers/callers";
import { browserKeys, decrypt, localPushService } from "../helpers/push-service";
import { createUser } from "../helpers/users";

const pushService = localPushService();
// Fewer devices than the subscribe limit's default, so the cap is what stops
// the test's subscriptions (settings are read once per test file).
process.env.PUSH_MAX_DEVICES = "3";
afterAll(() => {
  delete process.env.PUSH_MAX_DEVICES;
});

describe("web push", () => {
  it("pushes an encrypted notification to a subscribed device when no tab is open", async () => {
    const alice = await createUser();
    const browser = browserKeys();
    const endpoint = `${pushService.origin}/push/${alice.id}`;
    await callerFor(alice).push.subscribe({ endpoint, keys: browser.keys });
    const before = pushService.received.length;

    await notify({ recipientId: alice.id, type: "admin.message", title: "Secret plans", body: "Meet at noon", link: "/inbox" });

    await expect.poll(() => pushService.received.filter((r) => r.path === `/push/${alice.id}`).length).toBe(1);
    const push = pushService.received.slice(before).find((r) => r.path === `/push/${alice.id}`)!;
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.headers.authorization).toMatch(/^vapid t=.+, k=.+/);
    expect(push.body.toString("latin1")).not.toContain("Secret plans");
    expect(JSON.parse(decrypt(push.body, browser))).toMatchObject({
      title: "Secret plans",
      body: "Meet at noon",
      link: "/inbox",
      // What the service worker puts on the app icon: her one unread.
      unreadCount: 1,
    });
  });

  it("carries the unread count for the app icon, and only a link inside the app", async () => {
    const dora = await createUser();
    const browser = browserKeys();
    await callerFor(dora).push.subscribe({ endpoint: `${pushService.origin}/push/${dora.id}`, keys: browser.keys });
    const pushes = () => pushService.received.filter((r) => r.path === `/push/${dora.id}`);

    // The count is read as each push leaves (the newest is what the icon
    // should show): the second waits for the first to be out.
    await notify({ recipientId: dora.id, type: "admin.message", title: "Read this", link: "/feed?tab=new" });
    await expect.poll(() => pushes().length).toBe(1);
    await notify({ recipientId: dora.id, type: "admin.message", title: "Elsewhere", link: "https://example.org/elsewhere" });

    await expect.poll(() => pushes().length).toBe(2);
    const payloads = pushes().map((p) => JSON.parse(decrypt(p.body, browser)) as { title: string; link: string; unreadCount: number });
    // A click opens the app's own window: an outside link is read from the inbox.
    expect(payloads.find((p) => p.title === "Read this")).toMatchObject({ link: "/feed?tab=new", unreadCount: 1 });
    expect(payloads.find((p) => p.title === "Elsewhere")).toMatchObject({ link: "/inbox", unreadCount: 2 });
  });

  it("sends nothing while the person has a tab open", async () => {
    const bob = await createUser();
    const browser = browserKeys();
    await callerFor(bob).push.subscribe({ endpoint: `${pushService.origin}/push/${bob.id}`, keys: browser.keys });
    await db.onlineUser.create({ data: { userId: bob.id } });
    const view = { id: "n1", type: "admin.message", title: "Hi", body: "", link: null, senderName: null, createdAt: new Date().toISOString(), readAt: null, groupCount: 1, actors: [], urgent: false };
    await pushNotification(bob.id, view);
    expect(pushService.received.filter((r) => r.path === `/push/${bob.id}`)).toEqual([]);
  });

  it("removes a subscription the push service answers 410 for", async () => {
    const carol = await createUser();
    const browser = browserKeys();
    await callerFor(carol).push.subscribe({ endpoint: `${pushService.origin}/push/${carol.id}`, keys: browser.keys });
    expect(await db.pushSubscription.count({ where: { userId: carol.id } })).toBe(1);
    pushService.answer = 410;
    try {
      await notify({ recipientId: carol.id, type: "admin.message", title: "Gone?" });
      await expect.poll(() => db.pushSubscription.count({ where: { userId: carol.id } })).toBe(0);
      expect(pushService.received.filter((r) => r.path === `/push/${carol.id}`)).toHaveLength(1);
    } finally {
      pushService.answer = 201;
    }
  });

  it("keeps the VAPID key pair it made in the database and signs with it", async () => {
    const details = await vapidDetails();
    const row = await db.vapidKeys.findUniqueOrThrow({ where: { id: 1 } });
    expect(details).toMatchObject({ publicKey: row.publicKey, privateKey: row.privateKey });
    expect((await callerFor(await createUser()).push.publicKey()).publicKey).toBe(row.publicKey);
    const signed = pushService.received.find((r) => r.headers.authorization);
    expect(signed?.headers.authorization).toContain(`k=${row.publicKey}`);
  });

  it("refuses a subscription that is not https, and a signed-out visitor", async () => {
    const dave = await createUser();
    const keys = browserKeys().keys;
    await expect(callerFor(dave).push.subscribe({ endpoint: "http://example.com/push", keys })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(callerFor(null).push.subscribe({ endpoint: `${pushService.origin}/x`, keys })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(await db.pushSubscription.count({ where: { userId: dave.id } })).toBe(0);
  });
});

describe("push endpoints", () => {
  const keys = () => browserKeys().keys;

  it.each([
    "https://127.0.0.1/push",
    "https://10.0.0.1/push",
    "https://192.168.1.20/push",
    "https://172.16.0.1/push",
    "https://[::1]/push",
    "https://[fd00::1]/push",
    "https://[fe80::1]/push",
    "https://[::ffff:127.0.0.1]/push",
    "https://169.254.169.254/latest/meta-data",
    "https://0.0.0.0/push",
    "https://localhost/push",
    "https://8.8.8.8:8443/push",
  ])("refuses %s (internal address, or not port 443) and stores nothing", async (endpoint) => {
    const erin = await createUser();
    const error = await callerFor(erin).push.subscribe({ endpoint, keys: keys() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.pushSubscription.count({ where: { userId: erin.id } })).toBe(0);
  });

  it("accepts a public address on port 443", async () => {
    const frank = await createUser();
    await callerFor(frank).push.subscribe({ endpoint: `https://8.8.8.8/push/${frank.id}`, keys: keys() });
    expect(await db.pushSubscription.count({ where: { userId: frank.id } })).toBe(1);
  });

  it("keeps at most PUSH_MAX_DEVICES per person, replacing the oldest", async () => {
    const gina = await createUser();
    const max = env().PUSH_MAX_DEVICES;
    const endpoints = Array.from({ length: max + 1 }, (_, i) => `${pushService.origin}/push/${gina.id}/${i}`);
    for (const endpoint of endpoints) await callerFor(gina).push.subscribe({ endpoint, keys: keys() });
    const kept = await db.pushSubscription.findMany({ where: { userId: gina.id }, select: { endpoint: true } });
    expect(kept).toHaveLength(max);
    expect(kept.map((k) => k.endpoint).sort()).toEqual(endpoints.slice(1).sort());
  });

  it("refuses to move an endpoint someone else registered, and leaves it theirs", async () => {
    const [owner, thief] = await Promise.all([createUser(), createUser()]);
    const endpoint = `${pushService.origin}/push/${owner.id}/taken`;
    const ownerKeys = keys();
    await callerFor(owner).push.subscribe({ endpoint, keys: ownerKeys });

    const error = await callerFor(thief).push.subscribe({ endpoint, keys: keys() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT" });
    const row = await db.pushSubscription.findUniqueOrThrow({ where: { endpoint } });
    expect(row).toMatchObject({ userId: owner.id, p256dh: ownerKeys.p256dh, auth: ownerKeys.auth });
    // The owner may still renew their own keys.
    const renewed = keys();
    await callerFor(owner).push.subscribe({ endpoint, keys: renewed });
    expect(await db.pushSubscription.findUniqueOrThrow({ where: { endpoint } })).toMatchObject({ p256dh: renewed.p256dh });
  });

  it("does not call a stored endpoint whose name now resolves to an internal address", async () => {
    const hank = await createUser();
    const browser = browserKeys();
    // As if "localhost" had resolved to a public address when it was registered.
    const port = new URL(pushService.origin).port;
    await db.pushSubscription.create({
      data: { userId: hank.id, endpoint: `https://localhost:${port}/push/${hank.id}`, ...browser.keys },
    });
    const view = { id: "n2", type: "admin.message", title: "Inward?", body: "", link: null, senderName: null, createdAt: new Date().toISOString(), readAt: null, groupCount: 1, actors: [], urgent: false };
    await pushNotification(hank.id, view);
    expect(pushService.received.filter((r) => r.path === `/push/${hank.id}`)).toEqual([]);
  });
});
