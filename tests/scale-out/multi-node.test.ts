// Scale-out: two Soketi nodes joined by Redis (Soketi's Redis adapter) and
// several app instances' outbox publishers sharing one PostgreSQL. A client
// may be connected to either node, and any instance may be the one that
// publishes: what a client receives must not depend on either.
// Needs Redis (REDIS_HOST / REDIS_PORT, default 127.0.0.1:6379); skipped with
// a message when none answers.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import PusherClient, { type PresenceChannel } from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/server/env";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { channels } from "@/lib/realtime/channel-names";
import { OutboxPublisher } from "@/server/realtime/publisher";
import { createPusher, type AppPusher } from "@/server/realtime/pusher";
import { freePort } from "../../scripts/lib/ports";
import { redisAdapterEnv, redisAnswers, redisFromEnv, startSoketi } from "../../scripts/lib/soketi";
import { callerFor } from "../helpers/callers";
import { startTestPublisher } from "../helpers/publisher";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";
import { TEST_PUSHER } from "../setup/test-pusher";

const redis = redisFromEnv();
const redisUp = await redisAnswers(redis);
if (!redisUp) {
  console.warn(
    `[scale-out] skipped: no Redis answers at ${redis.host}:${redis.port} ` +
      "(start one, or set REDIS_HOST / REDIS_PORT, to run the multi-node tests)",
  );
}

type Node = Awaited<ReturnType<typeof startSoketi>> & { port: number; pusher: AppPusher };
const nodes: Node[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
const quiet = { info() {}, warn() {}, error: console.error };

async function startNode(prefix: string): Promise<Node> {
  const port = await freePort();
  const soketi = await startSoketi({
    port,
    metricsPort: await freePort(),
    ...TEST_PUSHER,
    env: redisAdapterEnv(redis, prefix),
  });
  return { ...soketi, port, pusher: createPusher({ ...env(), PUSHER_HOST: "127.0.0.1", PUSHER_PORT: port }) };
}

function tab(user: Awaited<ReturnType<typeof createUser>>, node: Node) {
  const client = new RealtimeTestClient(user, { port: node.port });
  cleanups.push(() => client.disconnect());
  return client;
}

function publisherFor(node: Node, leaseMs = 10_000) {
  const publisher = new OutboxPublisher({ db, pusher: node.pusher, pollMs: 20, leaseMs, log: quiet });
  publisher.start();
  cleanups.push(() => publisher.stop());
  return publisher;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How many times each event id arrived on the channel. */
function deliveries(client: RealtimeTestClient, channel: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const event of client.events(channel)) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
  return counts;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe.skipIf(!redisUp)("two Soketi nodes sharing Redis, app instances sharing PostgreSQL", () => {
  beforeAll(async () => {
    // A prefix of its own: other runs on the same Redis are other clusters.
    const prefix = `live-notify-test-${randomUUID().slice(0, 8)}`;
    nodes.push(...(await Promise.all([startNode(prefix), startNode(prefix)])));
  });

  // Each test's publishers and tabs go with it: a publisher left running
  // would hold the lease through the next test.
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it("delivers a notification sent through instance 1 (publishing to node 1) to a tab connected to node 2", async () => {
    const [node1, node2] = nodes as [Node, Node];
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
    const aliceTab = tab(alice, node2);
    expect(await aliceTab.subscribe(channels.user(alice.id))).toEqual({ ok: true });
    const instance1 = startTestPublisher({ pusher: node1.pusher });
    cleanups.push(() => instance1.stop());

    const sent = await callerFor(admin).notifications.send({ recipientEmail: alice.email, title: "Across nodes" });

    const [event] = await aliceTab.waitForEvents(channels.user(alice.id), 1);
    expect(event).toMatchObject({ id: 1, type: "notification.created", data: { notification: { id: sent.id } } });
  });

  it("shows a presence channel's members the same through either node", async () => {
    const [node1, node2] = nodes as [Node, Node];
    const channel = `presence-room.${randomUUID().slice(0, 8)}`;
    const people = [
      { id: "ann", node: node1 },
      { id: "ben", node: node2 },
      { id: "cid", node: node2 },
    ];
    const clients = people.map(({ id, node }) => {
      const client = new PusherClient(TEST_PUSHER.key, {
        cluster: "mt1",
        wsHost: "127.0.0.1",
        wsPort: node.port,
        forceTLS: false,
        enabledTransports: ["ws"],
        channelAuthorization: {
          endpoint: "/unused",
          transport: "ajax",
          // Signed as the app would sign it for a member of the room.
          customHandler: ({ socketId, channelName }, callback) =>
            callback(null, node.pusher.authorizeChannel(socketId, channelName, { user_id: id, user_info: { name: id } })),
        },
      });
      cleanups.push(() => client.disconnect());
      return client;
    });
    for (const client of clients) {
      const subscription = client.subscribe(channel);
      await new Promise<void>((resolve) => subscription.bind("pusher:subscription_succeeded", () => resolve()));
    }

    const everyone = ["ann", "ben", "cid"];
    const seenBy = (client: PusherClient) => {
      const ids: string[] = [];
      (client.channel(channel) as PresenceChannel).members.each((m: { id: string }) => ids.push(m.id));
      return ids.sort();
    };
    // Each tab's member list (the first joiner learns of the others by member_added).
    await until("every tab to list all members", () => clients.every((c) => seenBy(c).join() === everyone.join()));
    // And each node's HTTP API answers the same list.
    for (const node of [node1, node2]) {
      const res = await node.pusher.get({ path: `/channels/${channel}/users` });
      const body = (await res.json()) as { users: { id: string }[] };
      expect(body.users.map((u) => u.id).sort()).toEqual(everyone);
    }

    // A member leaving through node 2 leaves the list on node 1 too.
    clients[2]!.unsubscribe(channel);
    await until("node 1's tab to see cid leave", () => seenBy(clients[0]!).join() === "ann,ben");
  });

  it("sends each event once while the publisher runs on two instances", async () => {
    const [node1, node2] = nodes as [Node, Node];
    const alice = await createUser();
    const channel = channels.user(alice.id);
    const watcher = tab(alice, node2);
    const other = tab(alice, node1);
    await Promise.all([watcher.subscribe(channel), other.subscribe(channel)]);
    const instances = [publisherFor(node1), publisherFor(node2)];

    const count = 60;
    // In bursts from several writers, while both publishers poll.
    for (let i = 0; i < count; i += 10) {
      await Promise.all(range(10).map((j) => notify({ recipientId: alice.id, type: "system.test", title: `n${i + j}` })));
    }

    for (const client of [watcher, other]) {
      await client.waitForEvents(channel, count);
      await new Promise((r) => setTimeout(r, 300)); // time for a duplicate to show up
      const counts = deliveries(client, channel);
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual(range(count));
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    }
    // One instance held the lease and published; the other stood by.
    expect(instances.map((p) => p.published > 0).filter(Boolean)).toHaveLength(1);
  }, 60_000);

  it("loses no event when the publishing instance is killed mid-stream: another takes over after its lease", async () => {
    const [node1, node2] = nodes as [Node, Node];
    const alice = await createUser();
    const channel = channels.user(alice.id);
    const watcher = tab(alice, node2);
    await watcher.subscribe(channel);

    const leaseMs = 1_000;
    const doomed = spawnPublisherProcess(node1.port, leaseMs);
    const count = 120;
    let killed = false;
    const writing = (async () => {
      for (let written = 0; written < count; written++) {
        // The last third is written only once the instance is dead.
        if (written === (count * 2) / 3) await until("the kill", () => killed, 30_000);
        await notify({ recipientId: alice.id, type: "system.test", title: `n${written}` });
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await until("the first instance to publish", () => watcher.events(channel).length >= 10, 30_000);
    // The survivor is running before the kill, and stands by while the lease is held.
    const survivor = publisherFor(node2, leaseMs);
    await new Promise((r) => setTimeout(r, 200));
    expect(survivor.published).toBe(0);

    doomed.kill("SIGKILL");
    await new Promise((r) => doomed.once("exit", r));
    killed = true;

    await writing;
    await until("every event id to arrive", () => deliveries(watcher, channel).size === count, 20_000);
    // Every event arrived; one sent by the killed instance just before it
    // died, but not yet marked, may come twice (at-least-once): clients drop
    // it by its id.
    const counts = deliveries(watcher, channel);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(range(count));
    expect(survivor.published).toBeGreaterThan(0);
    // A generous limit: 120 notifications and a lease expiry on a busy 2-core machine.
  }, 90_000);
});

function spawnPublisherProcess(soketiPort: number, leaseMs: number): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/scale-out/publisher-process.ts"], {
    env: { ...process.env, PUSHER_PORT: String(soketiPort), OUTBOX_LEASE_MS: String(leaseMs) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return child;
}
