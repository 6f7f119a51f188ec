// Closing a person's connections travels through the outbox: in order with
// the events around it and retried while the realtime server fails, but a
// server that will never do it (4xx) does not hold every later event back.
// The publisher here talks to the run's Soketi through a Pusher client whose
// terminate_connections answers as told (the failing server under test).
import { afterEach, expect, it } from "vitest";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { channels } from "@/lib/realtime/channel-names";
import { END_CONNECTIONS } from "@/server/realtime/end-connections";
import { createPusher, type AppPusher } from "@/server/realtime/pusher";
import { callerFor } from "../helpers/callers";
import { addToRoom } from "../helpers/invitations";
import { startTestPublisher } from "../helpers/publisher";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The run's Soketi, except that closing connections answers `status` while
 * `failing()` says so (each such answer counted by `onFailed`).
 */
function pusherWhoseTerminateFails(status: number, failing: () => boolean, onFailed = () => {}): AppPusher {
  const real = createPusher(env());
  const wrapped = Object.create(real) as AppPusher;
  wrapped.terminateUserConnections = (userId: string) => {
    if (!failing()) return real.terminateUserConnections(userId);
    onFailed();
    return Promise.reject(Object.assign(new Error(`HTTP ${status}`), { status }));
  };
  return wrapped;
}

async function roomWithTabs() {
  const [owner, alice, carol] = await Promise.all([createUser(), createUser(), createUser()]);
  const room = await callerFor(owner).rooms.create({ name: "Outbox order", visibility: "PRIVATE" });
  for (const person of [alice, carol]) await addToRoom(owner, room.id, person);
  const [alicesTab, carolsTab] = [new RealtimeTestClient(alice), new RealtimeTestClient(carol)];
  cleanups.push(() => alicesTab.disconnect(), () => carolsTab.disconnect());
  const channel = channels.room(room.id);
  expect(await alicesTab.subscribe(channel)).toEqual({ ok: true });
  expect(await carolsTab.subscribe(channel)).toEqual({ ok: true });
  await Promise.all([alicesTab.signedIn(), carolsTab.signedIn()]);
  return { owner, alice, room, channel, alicesTab, carolsTab };
}

function closingRow(userId: string) {
  return db.outboxEvent.findFirstOrThrow({ where: { type: END_CONNECTIONS, payload: { equals: { userId } } } });
}

it("waits while the server fails, sending nothing after it, then closes and goes on in order", async () => {
  let failing = true;
  let failedCalls = 0;
  const pusher = pusherWhoseTerminateFails(503, () => failing, () => failedCalls++);
  const publisher = startTestPublisher({ pusher, maxBackoffMs: 100 });
  cleanups.push(() => publisher.stop());
  const { owner, alice, room, channel, alicesTab, carolsTab } = await roomWithTabs();

  await callerFor(owner).rooms.removeMember({ roomId: room.id, userId: alice.id });
  await callerFor(owner).rooms.send({ roomId: room.id, body: "after the removal" });
  // The removal's event went out; the closing is retried; the message waits behind it.
  await carolsTab.waitForEvents(channel, 1);
  await expect.poll(() => failedCalls, { timeout: 10_000 }).toBeGreaterThan(1);
  expect((await closingRow(alice.id)).publishedAt).toBeNull();
  expect(carolsTab.events(channel).map((e) => e.type)).toEqual(["room.member-removed"]);
  expect(alicesTab.pusher.connection.state).toBe("connected");

  failing = false;
  await alicesTab.waitForState("disconnected");
  await carolsTab.waitForEvents(channel, 2);
  expect(alicesTab.events(channel).map((e) => e.type)).toEqual(["room.member-removed"]);
});

it("goes on when the server will never close connections (4xx), so later events are not held back", async () => {
  const publisher = startTestPublisher({ pusher: pusherWhoseTerminateFails(404, () => true) });
  cleanups.push(() => publisher.stop());
  const { owner, alice, room, channel, carolsTab } = await roomWithTabs();

  await callerFor(owner).rooms.removeMember({ roomId: room.id, userId: alice.id });
  await callerFor(owner).rooms.send({ roomId: room.id, body: "after the removal" });
  await carolsTab.waitForEvents(channel, 2);
  expect((await closingRow(alice.id)).publishedAt).not.toBeNull();
});
