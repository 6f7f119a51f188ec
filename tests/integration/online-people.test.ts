// "People online now" follows open tabs through the Pusher-protocol server's
// channel webhooks: several tabs count once, the last tab closing removes the
// person, forged webhooks are refused, and a reconcile rebuilds the set.
import { createHmac } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhookRoute } from "@/app/api/realtime/webhooks/route";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { onlineCount, reconcileOnlinePeople } from "@/server/dashboard/online-people";
import { channels } from "@/lib/realtime/channel-names";
import { createPusher } from "@/server/realtime/pusher";
import { freePort } from "../../scripts/lib/ports";
import { startSoketi } from "../../scripts/lib/soketi";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { TEST_PUSHER } from "../setup/test-pusher";
import { createUser } from "../helpers/users";

let soketi: Awaited<ReturnType<typeof startSoketi>>;
let receiver: http.Server;
let soketiPort: number;
const clients: RealtimeTestClient[] = [];
// Webhooks travel Soketi → HTTP → the route → the database; on a busy
// machine that takes longer than expect.poll's default second.
const WEBHOOK_WAIT = { timeout: 15_000 };

beforeAll(async () => {
  // Soketi posts webhooks over HTTP: hand them to the app's route handler.
  const receiverPort = await freePort();
  receiver = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const answer = await webhookRoute(
      new Request("http://localhost/api/realtime/webhooks", {
        method: "POST",
        headers: Object.entries(req.headers).map(([k, v]) => [k, String(v)] as [string, string]),
        body,
      }),
    );
    const text = await answer.text();
    res.writeHead(answer.status).end(text);
  });
  await new Promise<void>((resolve) => receiver.listen(receiverPort, "127.0.0.1", resolve));
  soketiPort = await freePort();
  soketi = await startSoketi({
    port: soketiPort,
    metricsPort: await freePort(),
    ...TEST_PUSHER,
    webhookUrl: `http://127.0.0.1:${receiverPort}/webhooks`,
  });
  await db.onlineUser.deleteMany();
});

afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await soketi.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

function tab(user: Awaited<ReturnType<typeof createUser>>) {
  const client = new RealtimeTestClient(user, { port: soketiPort });
  clients.push(client);
  return client;
}

it("counts a person with three tabs once, and drops them when the last tab closes", async () => {
  const [alice, bob] = await Promise.all([createUser(), createUser()]);
  const alicesTabs = [tab(alice), tab(alice), tab(alice)];
  const bobsTab = tab(bob);
  await Promise.all([...alicesTabs, bobsTab].map((t, i) => t.subscribe(channels.user(i < 3 ? alice.id : bob.id))));

  await expect.poll(onlineCount, WEBHOOK_WAIT).toBe(2);
  alicesTabs[0]!.disconnect();
  alicesTabs[1]!.disconnect();
  await new Promise((r) => setTimeout(r, 300));
  expect(await onlineCount()).toBe(2);
  alicesTabs[2]!.disconnect();
  await expect.poll(onlineCount, WEBHOOK_WAIT).toBe(1);
  expect(await db.onlineUser.findMany({ select: { userId: true } })).toEqual([{ userId: bob.id }]);

  // Each change of the count went to the feed channel, where dashboards listen.
  const counts = await db.outboxEvent.findMany({ where: { channel: channels.feed(), type: "people.online" }, orderBy: { id: "asc" } });
  expect(counts.map((e) => (e.payload as { count: number }).count).slice(-3)).toEqual([1, 2, 1]);
  bobsTab.disconnect();
  await expect.poll(onlineCount, WEBHOOK_WAIT).toBe(0);
});

it("refuses a webhook that is not signed with the app's secret", async () => {
  const alice = await createUser();
  const res = await webhookRoute(
    new Request("http://localhost/api/realtime/webhooks", {
      method: "POST",
      headers: { "content-type": "application/json", "x-pusher-key": TEST_PUSHER.key, "x-pusher-signature": "0".repeat(64) },
      body: JSON.stringify({ time_ms: Date.now(), events: [{ name: "channel_occupied", channel: channels.user(alice.id) }] }),
    }),
  );
  expect(res.status).toBe(401);
  expect(await db.onlineUser.count({ where: { userId: alice.id } })).toBe(0);
});

describe("webhook requests", () => {
  function webhook(body: string, headers: Record<string, string>) {
    return webhookRoute(
      new Request("http://localhost/api/realtime/webhooks", {
        method: "POST",
        headers: { "content-type": "application/json", "x-pusher-key": TEST_PUSHER.key, ...headers },
        body,
      }),
    );
  }
  const signed = (body: string) => ({ "x-pusher-signature": createHmac("sha256", TEST_PUSHER.secret).update(body).digest("hex") });
  const occupied = (userId: string, timeMs: number) =>
    JSON.stringify({ time_ms: timeMs, events: [{ name: "channel_occupied", channel: channels.user(userId) }] });
  const isOnline = async (userId: string) => (await db.onlineUser.count({ where: { userId } })) === 1;

  it("refuses a request without a signature with 401, and changes nothing", async () => {
    const alice = await createUser();
    const res = await webhook(occupied(alice.id, Date.now()), {});
    expect(res.status).toBe(401);
    expect(await isOnline(alice.id)).toBe(false);
  });

  it("refuses a signed request whose time_ms is too old, or too far ahead", async () => {
    const alice = await createUser();
    for (const timeMs of [Date.now() - 10 * 60_000, Date.now() + 10 * 60_000]) {
      const body = occupied(alice.id, timeMs);
      expect((await webhook(body, signed(body))).status).toBe(401);
    }
    expect(await isOnline(alice.id)).toBe(false);
  });

  it("accepts a fresh signed request once; the same request again is refused", async () => {
    const alice = await createUser();
    const body = occupied(alice.id, Date.now());
    expect((await webhook(body, signed(body))).status).toBe(200);
    expect(await isOnline(alice.id)).toBe(true);

    // Replayed after Alice went offline, it must not bring her back.
    await db.onlineUser.deleteMany({ where: { userId: alice.id } });
    expect((await webhook(body, signed(body))).status).toBe(401);
    expect(await isOnline(alice.id)).toBe(false);
  });
});

it("rebuilds the set from the server's occupied channels after lost webhooks", async () => {
  const [alice, bob] = await Promise.all([createUser(), createUser()]);
  const alicesTab = tab(alice);
  await alicesTab.subscribe(channels.user(alice.id));
  await expect.poll(onlineCount, WEBHOOK_WAIT).toBe(1);
  // As if webhooks were lost while the app was down: Bob "online", Alice not.
  await db.onlineUser.deleteMany();
  await db.onlineUser.create({ data: { userId: bob.id } });

  const count = await reconcileOnlinePeople(createPusher({ ...env(), PUSHER_PORT: soketiPort }));

  expect(count).toBe(1);
  expect(await db.onlineUser.findMany({ select: { userId: true } })).toEqual([{ userId: alice.id }]);
});
