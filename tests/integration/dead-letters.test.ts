// An event the realtime server refuses (here: bigger than the 2 KB limit this
// file's Soketi is started with, as a hosted Pusher's smaller limit would)
// holds back only its own channel while it is retried; after the set number
// of attempts it becomes a dead letter: the channel's later events go out,
// its readers get a `channel.reset` in its place and reload, admins see it
// live and on their page, and health says "degraded" until one resolves it.
// Sent again after the limit was raised, it reaches its reader.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventEnvelope } from "@/lib/events";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { checkHealth } from "@/server/health";
import { notify } from "@/server/notifications/notify";
import { channels } from "@/lib/realtime/channel-names";
import { channelHead } from "@/server/realtime/outbox";
import { laneOf } from "@/server/realtime/publisher";
import { createPusher } from "@/server/realtime/pusher";
import type { SessionUser } from "@/server/auth";
import { startSoketi } from "../../scripts/lib/soketi";
import { freePort } from "../../scripts/lib/ports";
import { callerFor } from "../helpers/callers";
import { startTestPublisher } from "../helpers/publisher";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";
import { TEST_PUSHER } from "../setup/test-pusher";

let port: number;
let metricsPort: number;
let soketi: Awaited<ReturnType<typeof startSoketi>>;
let publisher: ReturnType<typeof startTestPublisher> | undefined;
const tabs: RealtimeTestClient[] = [];

/** Soketi as a server with a small event limit (2 KB): a notification with a long body is refused with a 413. */
const startSmallSoketi = () =>
  startSoketi({ port, metricsPort, ...TEST_PUSHER, env: { SOKETI_EVENT_MAX_SIZE_IN_KB: "2" } });

beforeAll(async () => {
  [port, metricsPort] = [await freePort(), await freePort()];
  soketi = await startSmallSoketi();
});

afterAll(async () => {
  tabs.forEach((tab) => tab.disconnect());
  await publisher?.stop();
  await soketi.stop();
  // Later files share the database: leave nothing unresolved ("degraded" health).
  await db.deadLetter.updateMany({ where: { resolvedAt: null }, data: { resolvedAt: new Date(), resolution: "RESOLVED" } });
});

async function usePublisher(options: { maxAttempts: number }) {
  await publisher?.stop();
  publisher = startTestPublisher({ pusher: createPusher({ ...env(), PUSHER_PORT: port }), ...options, retryBaseMs: 20 });
}

function tab(user: SessionUser): RealtimeTestClient {
  const t = new RealtimeTestClient(user, { port });
  tabs.push(t);
  return t;
}

const catchUpAs = (user: SessionUser, channel: string) => (afterId: number) =>
  callerFor(user).realtime.catchUp({ channel, afterId });

/** A notification body that the app itself sends (it fits the app's 9 KB) but a 2 KB server refuses. */
const LONG_BODY = "€".repeat(2_000);

const titles = (events: EventEnvelope[]) =>
  events.map((e) => (e.type === "notification.created" ? e.data.notification.title : e.type));

async function outboxRow(channel: string, seq: number) {
  return db.outboxEvent.findUniqueOrThrow({ where: { channel_seq: { channel, seq: BigInt(seq) } } });
}

/**
 * What /api/health says of dead letters. No worker runs in this file, which
 * degrades health on its own: the count and the reason naming them are what
 * this file is about.
 */
async function deadLetterHealth() {
  const health = await checkHealth();
  return { deadLetters: health.outbox.deadLetters, named: health.reasons.some((r) => r.includes("Dead letters")) };
}

describe("a refused event", () => {
  it("holds back only its channel while retried, then is set aside: later events go out, readers reload, admins see it, health is degraded", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const alice = await createUser();
    const aliceChannel = channels.user(alice.id);
    // Bob's channel travels in Alice's lane, so their events share batches:
    // the refused batch must be split for Bob's to go out.
    let bob = await createUser();
    while (laneOf(channels.user(bob.id)) !== laneOf(aliceChannel)) bob = await createUser();
    const carol = await createUser();
    const bobChannel = channels.user(bob.id);
    const carolChannel = channels.user(carol.id);

    const alicesTab = tab(alice);
    expect(await alicesTab.subscribe(aliceChannel)).toEqual({ ok: true });
    let reloads = 0;
    const alicesInbox = alicesTab.followLikeBrowser(aliceChannel, {
      baselineId: 0,
      catchUp: catchUpAs(alice, aliceChannel),
      async reload() {
        reloads += 1;
        return channelHead(db, aliceChannel);
      },
    });
    const othersTab = tab(bob);
    expect(await othersTab.subscribe(bobChannel)).toEqual({ ok: true });
    const carolsTab = tab(carol);
    expect(await carolsTab.subscribe(carolChannel)).toEqual({ ok: true });
    const adminsTab = tab(admin);
    const adminHead = await channelHead(db, channels.admin());
    expect(await adminsTab.subscribe(channels.admin())).toEqual({ ok: true });

    // Committed before any publisher runs, so that one drain finds them all.
    await notify({ recipientId: alice.id, type: "system.test", title: "before" });
    await notify({ recipientId: alice.id, type: "system.test", title: "too big", body: LONG_BODY });
    await notify({ recipientId: alice.id, type: "system.test", title: "after" });
    await notify({ recipientId: bob.id, type: "system.test", title: "for bob" });
    await notify({ recipientId: carol.id, type: "system.test", title: "for carol" });

    // Retried without end: everyone else's events go out, Alice's channel waits.
    await usePublisher({ maxAttempts: 1_000 });
    expect(titles(await othersTab.waitForEvents(bobChannel, 1))).toEqual(["for bob"]);
    expect(titles(await carolsTab.waitForEvents(carolChannel, 1))).toEqual(["for carol"]);
    await expect.poll(async () => (await outboxRow(aliceChannel, 2)).attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const refused = await outboxRow(aliceChannel, 2);
    expect(refused).toMatchObject({ publishedAt: null, lastError: expect.stringContaining("HTTP 413") });
    expect((await outboxRow(aliceChannel, 1)).publishedAt).not.toBeNull();
    expect((await outboxRow(aliceChannel, 3)).publishedAt).toBeNull(); // behind the refused one: order
    expect(titles(alicesInbox.applied)).toEqual(["before"]);
    expect(await db.deadLetter.count({ where: { channel: aliceChannel } })).toBe(0);
    expect(await deadLetterHealth()).toEqual({ deadLetters: 0, named: false });

    // One attempt more at most: the next refusal sets it aside.
    await publisher?.stop();
    const attemptsSoFar = (await outboxRow(aliceChannel, 2)).attempts;
    await usePublisher({ maxAttempts: attemptsSoFar + 1 });
    // Its place (id 2) went out as a reset, then the later event.
    const delivered = await alicesTab.waitForEvents(aliceChannel, 3);
    expect(delivered.map((e) => [e.id, e.type])).toEqual([
      [1, "notification.created"],
      [2, "channel.reset"],
      [3, "notification.created"],
    ]);
    expect(titles(delivered.slice(2))).toEqual(["after"]);
    // The tab reloaded its view once (the reload includes "after"), and goes on live.
    await expect.poll(() => reloads).toBe(1);
    await notify({ recipientId: alice.id, type: "system.test", title: "later" });
    await expect.poll(() => titles(alicesInbox.applied)).toEqual(["before", "later"]);
    expect(alicesInbox.applied.map((e) => e.id)).toEqual([1, 4]);
    expect(reloads).toBe(1);
    // A tab that reconnects and catches up is told the same.
    const caughtUp = await catchUpAs(alice, aliceChannel)(1);
    expect(caughtUp.events.map((e) => e.type)).toEqual(["channel.reset", "notification.created", "notification.created"]);

    // Admins hear of it live, and see it on their page.
    const [created] = await adminsTab.waitForEvents(channels.admin(), 1);
    expect(created!.id).toBe(adminHead + 1);
    expect(created).toMatchObject({
      type: "dead-letter.created",
      data: {
        deadLetter: {
          channel: aliceChannel,
          seq: 2,
          type: "notification.created",
          attempts: attemptsSoFar + 1,
          error: expect.stringMatching(/^HTTP 413: The event data should be less than 2 KB/),
          resolvedAt: null,
        },
      },
    });
    const page = await callerFor(admin).admin.deadLetters();
    expect(page.unresolved).toBe(1);
    expect(page.items).toEqual([created!.type === "dead-letter.created" && created!.data.deadLetter]);
    expect(page.head).toBeGreaterThanOrEqual(created!.id);
    await expect(callerFor(alice).admin.deadLetters()).rejects.toMatchObject({ code: "FORBIDDEN" });

    // Health: serving, degraded while it waits for an admin.
    expect(await checkHealth()).toMatchObject({ status: "degraded", outbox: { deadLetters: 1 } });
    expect(await deadLetterHealth()).toEqual({ deadLetters: 1, named: true });

    const resolved = await callerFor(admin).admin.resolveDeadLetter({ id: page.items[0]!.id });
    expect(resolved).toMatchObject({ resolution: "RESOLVED", resolvedBy: admin.name });
    const adminEvents = await adminsTab.waitForEvents(channels.admin(), 2);
    expect(adminEvents[1]).toMatchObject({ type: "dead-letter.resolved", data: { deadLetter: { id: resolved.id } } });
    await expect(callerFor(admin).admin.resolveDeadLetter({ id: resolved.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await deadLetterHealth()).toEqual({ deadLetters: 0, named: false });
    const audit = await callerFor(admin).admin.auditLog({ limit: 1 });
    expect(audit.items[0]).toMatchObject({ action: "dead-letter.resolved", target: `notification.created on ${aliceChannel}` });
  });

  it("sent again by an admin after the limit was raised, it reaches its reader as the channel's newest event", async () => {
    await usePublisher({ maxAttempts: 2 });
    const admin = await createUser({ role: "ADMIN" });
    const dana = await createUser();
    const channel = channels.user(dana.id);
    await notify({ recipientId: dana.id, type: "system.test", title: "too big again", body: LONG_BODY });
    await expect.poll(() => db.deadLetter.count({ where: { channel, resolvedAt: null } }), { timeout: 10_000 }).toBe(1);
    expect(await deadLetterHealth()).toEqual({ deadLetters: 1, named: true });

    // The operator raises the server's limit (Soketi's default: 100 KB).
    await soketi.stop();
    soketi = await startSoketi({ port, metricsPort, ...TEST_PUSHER });
    const danasTab = tab(dana);
    expect(await danasTab.subscribe(channel)).toEqual({ ok: true });

    const [letter] = (await callerFor(admin).admin.deadLetters()).items.filter((l) => l.channel === channel);
    const retried = await callerFor(admin).admin.retryDeadLetter({ id: letter!.id });
    expect(retried.resolution).toBe("RETRIED");
    const [again] = await danasTab.waitForEvents(channel, 1);
    // Id 1 was the reset in its place; the event comes again as id 2, whole.
    expect(again).toMatchObject({ id: 2, type: "notification.created" });
    expect(again!.type === "notification.created" && again!.data.notification.body.length).toBeGreaterThan(500);
    expect(await deadLetterHealth()).toEqual({ deadLetters: 0, named: false });
  });
});
