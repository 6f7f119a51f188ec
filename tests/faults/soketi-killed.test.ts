// Fault: the Pusher-protocol server is killed (SIGKILL: no goodbye to its
// sockets) in the middle of a burst of notifications, and started again.
// Soketi keeps no history: what it was sent while down, or before a tab had
// subscribed again, is gone from the transport. The outbox keeps retrying
// until Soketi takes the events, and each tab catches up by id after
// pusher-js resubscribes. This file runs its own Soketi so that it can kill it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { env } from "@/server/env";
import { channels } from "@/lib/realtime/channel-names";
import { createPusher } from "@/server/realtime/pusher";
import { freePort } from "../../scripts/lib/ports";
import { startSoketi } from "../../scripts/lib/soketi";
import { startTestPublisher } from "../helpers/publisher";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";
import { TEST_PUSHER } from "../setup/test-pusher";
import { Burst } from "./burst";
import { expectOutboxPromiseKept, followChannel, printTally, tally } from "./delivery-tally";

let port: number;
let metricsPort: number;
let soketi: Awaited<ReturnType<typeof startSoketi>>;
let publisher: ReturnType<typeof startTestPublisher>;
const tabs: RealtimeTestClient[] = [];

beforeAll(async () => {
  [port, metricsPort] = [await freePort(), await freePort()];
  soketi = await startSoketi({ port, metricsPort, ...TEST_PUSHER });
  publisher = startTestPublisher({ pusher: createPusher({ ...env(), PUSHER_PORT: port }), maxBackoffMs: 300 });
});

afterAll(async () => {
  tabs.forEach((t) => t.disconnect());
  await publisher.stop();
  await soketi.stop();
});

it("Soketi killed (SIGKILL) and restarted mid-burst: every committed event applied once, in order", async () => {
  const people = await Promise.all(Array.from({ length: 10 }, () => createUser()));
  const followers = await Promise.all(
    people.map((p) => {
      const tab = new RealtimeTestClient(p, { port });
      tabs.push(tab);
      return followChannel(tab, p, channels.user(p.id));
    }),
  );

  let restarted!: () => void;
  const back = new Promise<void>((resolve) => (restarted = resolve));
  // Writes go on while Soketi is down; the last 200 only once it is back.
  const burst = new Burst({ label: "soketi-kill", recipients: people, total: 500, holdAt: { count: 300, until: back } });
  const writing = burst.run();
  await burst.reached(150);
  soketi.kill();
  await soketi.exited;
  // Down for a moment: the publisher fails and retries meanwhile.
  await new Promise((r) => setTimeout(r, 1_000));
  const failedWhileDown = publisher.publisher.failing !== null;
  soketi = await startSoketi({ port, metricsPort, ...TEST_PUSHER });
  restarted();
  await writing;

  const result = await tally("Soketi killed (SIGKILL) and restarted", followers, {
    recipientIds: people.map((p) => p.id),
    failedWrites: burst.failed,
  });
  printTally(result);
  expect(failedWhileDown).toBe(true);
  expectOutboxPromiseKept(result);
}, 180_000);
