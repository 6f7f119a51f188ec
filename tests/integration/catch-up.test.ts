// A tab that reconnects or wakes asks for everything it missed on all its
// channels in one call; events are kept for a retention time and then
// pruned, after which a tab that missed them is told to reload instead.
import { beforeAll, describe, expect, it } from "vitest";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import { createAccessToken } from "@/server/access-tokens/tokens";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { OutboxPublisher } from "@/server/realtime/publisher";
import { createPusher } from "@/server/realtime/pusher";
import { pruneEvents } from "@/server/realtime/retention";
import { env } from "@/server/env";
import { callerFor } from "../helpers/callers";
import { createUser } from "../helpers/users";

let admin: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
  admin = await createUser({ role: "ADMIN" });
});

async function notifyTimes(recipientEmail: string, titles: string[]) {
  for (const title of titles) await callerFor(admin).notifications.send({ recipientEmail, title });
}

async function markAllPublished() {
  await db.outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
}

describe("catching up on every channel at once", () => {
  it("answers each channel of the call on its own, and refuses only the ones the person may not read", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    await notifyTimes(alice.email, ["one", "two", "three"]);
    const feedHead = Number((await db.channelSequence.findUnique({ where: { channel: channels.feed() } }))?.lastSeq ?? 0);
    await callerFor(bob).posts.create({ title: "Missed post", body: "" });

    const answers = await callerFor(alice).realtime.catchUpMany({
      channels: [
        { channel: channels.user(alice.id), afterId: 1 },
        { channel: channels.feed(), afterId: feedHead },
        { channel: channels.user(bob.id), afterId: 0 },
      ],
    });

    expect(answers).toHaveLength(3);
    const [mine, feed, bobs] = answers;
    expect(mine).toMatchObject({ channel: channels.user(alice.id), refused: false, reset: false });
    expect(mine!.refused === false && mine!.events.map((e) => e.id)).toEqual([2, 3]);
    expect(feed!.refused === false && feed!.events.map((e) => e.type)).toEqual(["post.created"]);
    expect(bobs).toEqual({ channel: channels.user(bob.id), refused: true });
  });

  it("refuses a malformed call and a signed-out reader's channels", async () => {
    const alice = await createUser();
    await expect(callerFor(alice).realtime.catchUpMany({ channels: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const twice = { channel: channels.user(alice.id), afterId: 0 };
    await expect(callerFor(alice).realtime.catchUpMany({ channels: [twice, twice] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await callerFor(null).realtime.catchUpMany({ channels: [twice] })).toEqual([
      { channel: twice.channel, refused: true },
    ]);
  });
});

/** The tRPC API as a program holding a real token with `scopes` calls it (Authorization: Bearer). */
async function tokenCaller(user: SessionUser, scopes: AccessTokenScope[]) {
  // Catch-up by token needs the realtime scope besides the channel's own (tests/integration/realtime-tokens.test.ts).
  const { token } = await createAccessToken({ actor: user, name: "catch-up", scopes: [...scopes, "realtime"] });
  const req = new Request("http://localhost/api/trpc", { headers: { authorization: `Bearer ${token}` } });
  return createCaller(await createContext({ req }));
}

describe("catching up with an access token", () => {
  it("follows the token's scopes as subscribing does: posts:read reads the feed, not the owner's notifications", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    await notifyTimes(alice.email, ["private"]);
    await callerFor(bob).posts.create({ title: "For readers", body: "" });
    const postsOnly = await tokenCaller(alice, ["posts:read"]);

    await expect(postsOnly.realtime.catchUp({ channel: channels.user(alice.id), afterId: 0 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(postsOnly.realtime.catchUp({ channel: channels.broadcasts(), afterId: 0 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const answers = await postsOnly.realtime.catchUpMany({
      channels: [
        { channel: channels.user(alice.id), afterId: 0 },
        { channel: channels.feed(), afterId: 0 },
        { channel: channels.system(), afterId: 0 },
      ],
    });
    expect(answers.map((a) => [a.channel, a.refused])).toEqual([
      [channels.user(alice.id), true],
      [channels.feed(), false],
      [channels.system(), false],
    ]);

    const notificationsReader = await tokenCaller(alice, ["notifications:read"]);
    const mine = await notificationsReader.realtime.catchUp({ channel: channels.user(alice.id), afterId: 0 });
    expect(mine.events.map((e) => e.type)).toContain("notification.created");
    await expect(notificationsReader.realtime.catchUp({ channel: channels.feed(), afterId: 0 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    // The scope adds to the channel's own rule, it does not replace it.
    await expect(
      notificationsReader.realtime.catchUp({ channel: channels.user(bob.id), afterId: 0 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses channels no token may read, and a bad token outright", async () => {
    const admin2 = await createUser({ role: "ADMIN" });
    const everything = await tokenCaller(admin2, ["notifications:read", "posts:read", "rooms:read", "teams:read"]);
    // An admin's token without the admin scope does not read the admin channel.
    await expect(everything.realtime.catchUp({ channel: channels.admin(), afterId: 0 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const withAdmin = await tokenCaller(admin2, ["admin"]);
    await expect(withAdmin.realtime.catchUp({ channel: channels.admin(), afterId: 0 })).resolves.toMatchObject({
      reset: false,
    });

    const req = new Request("http://localhost/api/trpc", { headers: { authorization: "Bearer lnt_not-a-token" } });
    const badToken = createCaller(await createContext({ req }));
    await expect(badToken.realtime.catchUp({ channel: channels.system(), afterId: 0 })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("retention", () => {
  it("prunes published events past the retention; a reader who missed them reloads, one who did not goes on", async () => {
    const alice = await createUser();
    const channel = channels.user(alice.id);
    await notifyTimes(alice.email, ["a", "b", "c"]);
    await markAllPublished();

    expect(await pruneEvents(db, new Date(Date.now() + 1_000))).toBeGreaterThanOrEqual(3);
    expect(await db.outboxEvent.count({ where: { channel } })).toBe(0);

    // Missed 2 and 3, which are gone: reload.
    expect(await callerFor(alice).realtime.catchUp({ channel, afterId: 1 })).toEqual({ events: [], reset: true });
    // Up to date: nothing to replay, no reload.
    expect(await callerFor(alice).realtime.catchUp({ channel, afterId: 3 })).toEqual({ events: [], reset: false });
    // And the channel goes on from there.
    await notifyTimes(alice.email, ["d"]);
    const next = await callerFor(alice).realtime.catchUp({ channel, afterId: 3 });
    expect(next.reset).toBe(false);
    expect(next.events.map((e) => e.id)).toEqual([4]);
  });

  it("never prunes an event that was not published yet", async () => {
    const alice = await createUser();
    await notifyTimes(alice.email, ["waiting"]);
    await pruneEvents(db, new Date(Date.now() + 1_000));
    expect(await db.outboxEvent.count({ where: { channel: channels.user(alice.id), publishedAt: null } })).toBe(1);
    await markAllPublished();
  });

  it("the publisher prunes on its schedule", async () => {
    const alice = await createUser();
    await notifyTimes(alice.email, ["old news"]);
    const publisher = new OutboxPublisher({
      db,
      pusher: createPusher(env()),
      pollMs: 20,
      retentionMs: 1,
      pruneEveryMs: 10,
      log: { info() {}, warn() {}, error: console.error },
    });
    publisher.start();
    try {
      await expect
        .poll(() => db.outboxEvent.count({ where: { channel: channels.user(alice.id) } }), { timeout: 10_000 })
        .toBe(0);
    } finally {
      await publisher.stop();
    }
  });
});
