// Who may subscribe to what: the auth route signs only what the channel rules
// allow, and Soketi refuses a subscription the app did not sign.
import Pusher from "pusher-js";
import { afterAll, describe, expect, it } from "vitest";
import { channels } from "@/lib/realtime/channel-names";
import type { SessionUser } from "@/server/auth";
import { callerFor } from "../helpers/callers";
import { requestChannelAuth } from "../helpers/channel-auth";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { sessionCookie } from "../helpers/session";
import { createUser } from "../helpers/users";

const clients: RealtimeTestClient[] = [];
afterAll(() => clients.forEach((c) => c.disconnect()));

async function askToSign(user: SessionUser | null, channel: string, socketId = "1234.5678") {
  const res = await requestChannelAuth(user, channel, socketId);
  return { status: res.status, body: (await res.json()) as { auth?: string; error?: string } };
}

describe("POST /api/realtime/auth", () => {
  it("signs a user's own channel", async () => {
    const alice = await createUser();
    const { status, body } = await askToSign(alice, channels.user(alice.id));
    expect(status).toBe(200);
    expect(body.auth).toMatch(/^test-key:[0-9a-f]{64}$/);
  });

  it("refuses another user's channel, unknown names, admin-only channels and signed-out requests", async () => {
    const [alice, bob, admin] = await Promise.all([createUser(), createUser(), createUser({ role: "ADMIN" })]);
    const refused = [
      [alice, channels.user(bob.id)],
      [alice, channels.userActivity(bob.id)],
      [alice, "private-whatever"],
      [alice, `private-user.${alice.id}.secret`],
      [alice, channels.admin()],
      [null, channels.user(alice.id)],
      [null, channels.feed()],
    ] as const;
    for (const [user, channel] of refused) {
      const { status, body } = await askToSign(user, channel);
      expect({ channel, status }).toEqual({ channel, status: 403 });
      expect(body.auth).toBeUndefined();
      expect(body.error).toBeTruthy();
    }
    expect((await askToSign(admin, channels.admin())).status).toBe(200);
    expect((await askToSign(alice, channels.feed())).status).toBe(200);
  });

  it("answers 400 to a malformed request", async () => {
    const alice = await createUser();
    expect((await askToSign(alice, channels.user(alice.id), "not-a-socket")).status).toBe(400);
  });

  it("refuses a session cookie signed with another secret", async () => {
    const alice = await createUser();
    const forged = await sessionCookie(alice, "another-secret-another-secret-another-1");
    const res = await requestChannelAuth(null, channels.user(alice.id), "1.2", forged);
    expect(res.status).toBe(403);
  });
});

describe("subscribing through Soketi", () => {
  it("lets pusher-js join its own channel and refuses another user's, signed out, and unknown ones", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const alicesTab = new RealtimeTestClient(alice);
    const visitorsTab = new RealtimeTestClient(null);
    clients.push(alicesTab, visitorsTab);

    expect(await alicesTab.subscribe(channels.user(alice.id))).toEqual({ ok: true });
    expect(await alicesTab.subscribe(channels.user(bob.id))).toEqual({ ok: false, status: 403 });
    expect(await alicesTab.subscribe("private-nonsense.1")).toEqual({ ok: false, status: 403 });
    expect(await visitorsTab.subscribe(channels.user(alice.id))).toEqual({ ok: false, status: 403 });
  });
  it("is refused by Soketi when the signature was not made with the app's secret", async () => {
    const bob = await createUser();
    const forger = new Pusher(process.env.PUSHER_KEY!, {
      cluster: "mt1",
      wsHost: "127.0.0.1",
      wsPort: Number(process.env.PUSHER_PORT),
      forceTLS: false,
      enabledTransports: ["ws"],
      channelAuthorization: {
        endpoint: "/unused",
        transport: "ajax",
        customHandler: (_params, callback) => callback(null, { auth: `${process.env.PUSHER_KEY}:${"0".repeat(64)}` }),
      },
    });
    try {
      const channel = forger.subscribe(channels.user(bob.id));
      const outcome = await new Promise<string>((resolve) => {
        channel.bind("pusher:subscription_succeeded", () => resolve("joined"));
        channel.bind("pusher:subscription_error", () => resolve("refused"));
      });
      expect(outcome).toBe("refused");
    } finally {
      forger.disconnect();
    }
  });
});

describe("catching up by event id", () => {
  it("returns what a channel's reader missed, and refuses other people's channels", async () => {
    const [alice, bob, admin] = await Promise.all([createUser(), createUser(), createUser({ role: "ADMIN" })]);
    for (const title of ["a", "b", "c"]) {
      await callerFor(admin).notifications.send({ recipientEmail: alice.email, title });
    }
    const missed = await callerFor(alice).realtime.catchUp({ channel: channels.user(alice.id), afterId: 1 });
    expect(missed.reset).toBe(false);
    expect(missed.events.map((e) => [e.id, e.type === "notification.created" && e.data.notification.title])).toEqual([
      [2, "b"],
      [3, "c"],
    ]);
    // A client that believes it is ahead (the database was reset) must reload.
    expect((await callerFor(alice).realtime.catchUp({ channel: channels.user(alice.id), afterId: 9 })).reset).toBe(true);

    await expect(callerFor(bob).realtime.catchUp({ channel: channels.user(alice.id), afterId: 0 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerFor(null).realtime.catchUp({ channel: channels.user(alice.id), afterId: 0 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("gives the summary and its event id from one snapshot", async () => {
    const [alice, admin] = await Promise.all([createUser(), createUser({ role: "ADMIN" })]);
    expect(await callerFor(alice).notifications.summary()).toMatchObject({ unreadCount: 0, latest: [], head: 0, pending: [] });
    await callerFor(admin).notifications.send({ recipientEmail: alice.email, title: "hello" });
    const summary = await callerFor(alice).notifications.summary();
    expect(summary).toMatchObject({ unreadCount: 1, head: 1, latest: [{ title: "hello", readAt: null }] });
  });
});
