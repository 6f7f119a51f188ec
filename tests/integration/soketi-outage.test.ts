// While the Pusher-protocol server is down, committed events wait in the
// outbox; when it is back, the publisher sends every one, in order.
// This file runs its own Soketi so that it can stop and restart it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSoketi } from "../../scripts/lib/soketi";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { notify } from "@/server/notifications/notify";
import { channels } from "@/lib/realtime/channel-names";
import { createPusher } from "@/server/realtime/pusher";
import { startTestPublisher } from "../helpers/publisher";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { freePort } from "../../scripts/lib/ports";
import { TEST_PUSHER } from "../setup/test-pusher";
import { createUser } from "../helpers/users";

let port: number;
let metricsPort: number;
let soketi: Awaited<ReturnType<typeof startSoketi>>;
let publisher: ReturnType<typeof startTestPublisher>;
let tab: RealtimeTestClient | undefined;

beforeAll(async () => {
  [port, metricsPort] = [await freePort(), await freePort()];
  soketi = await startSoketi({ port, metricsPort, ...TEST_PUSHER });
  publisher = startTestPublisher({ pusher: createPusher({ ...env(), PUSHER_PORT: port }), maxBackoffMs: 300 });
});

afterAll(async () => {
  tab?.disconnect();
  await publisher.stop();
  await soketi.stop();
});

it("queues events while Soketi is down and delivers every one, in order, after it restarts", async () => {
  const alice = await createUser();
  const channel = channels.user(alice.id);

  await soketi.stop();
  for (let i = 1; i <= 5; i++) await notify({ recipientId: alice.id, type: "system.test", title: `queued ${i}` });

  // The publisher keeps trying and failing; nothing is marked sent. An
  // outage is not the events' fault: it never counts toward a dead letter.
  await expect.poll(() => publisher.publisher.failing, { timeout: 5_000 }).not.toBeNull();
  expect(await db.outboxEvent.count({ where: { channel, publishedAt: null } })).toBe(5);
  expect(await db.outboxEvent.count({ where: { channel, OR: [{ attempts: { gt: 0 } }, { nextAttemptAt: { not: null } }] } })).toBe(0);

  // Hold publishing back until a tab is listening again: Soketi keeps no
  // history, so what it sends before anyone listens reaches no one (clients
  // catch up by id for that case). The publisher is stopped, not handed a
  // fake lease: it trusts a lease it renewed until half of it has passed, so
  // taking the row from under it did not stop it (it sent before the tab
  // subscribed, once, on a busy machine). What waits is in the outbox only.
  await publisher.stop();
  soketi = await startSoketi({ port, metricsPort, ...TEST_PUSHER });
  tab = new RealtimeTestClient(alice, { port });
  expect(await tab.subscribe(channel)).toEqual({ ok: true });
  publisher = startTestPublisher({ pusher: createPusher({ ...env(), PUSHER_PORT: port }), maxBackoffMs: 300 });

  const events = await tab.waitForEvents(channel, 5);
  expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
  expect(events.map((e) => e.type === "notification.created" && e.data.notification.title)).toEqual([
    "queued 1",
    "queued 2",
    "queued 3",
    "queued 4",
    "queued 5",
  ]);
  await expect.poll(() => db.outboxEvent.count({ where: { channel, publishedAt: null } })).toBe(0);
  expect(publisher.publisher.failing).toBeNull();
});
