// Fault: in multi-node mode (app instances sharing one PostgreSQL, one of
// them holding the publisher's lease), the publishing instance is killed
// (SIGKILL: no lease given back, writes cut off mid-transaction) while both
// instances write a burst of notifications. The other instance takes the
// lease once it expires and publishes what the dead one left, and what is
// written after.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, expect, it } from "vitest";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { startTestPublisher } from "../helpers/publisher";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";
import { Burst } from "./burst";
import { expectOutboxPromiseKept, followChannel, printTally, tally } from "./delivery-tally";

// Renewed every half lease: a child stalled for a second on a busy machine still holds it.
const LEASE_MS = 2_000;
const tabs: RealtimeTestClient[] = [];
let instance1: ChildProcess | undefined;
let instance2: ReturnType<typeof startTestPublisher> | undefined;

afterAll(async () => {
  if (instance1 && instance1.exitCode === null && instance1.signalCode === null) instance1.kill("SIGKILL");
  tabs.forEach((t) => t.disconnect());
  await instance2?.stop();
});

/** Instance 1 in a process of its own; `status()` is the last line it printed. */
function startInstance1(recipientIds: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/faults/app-instance.ts"], {
    env: { ...process.env, FAULT_RECIPIENTS: recipientIds.join(","), OUTBOX_LEASE_MS: String(LEASE_MS) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let status = { committed: 0, published: 0 };
  createInterface({ input: child.stdout! }).on("line", (line) => (status = JSON.parse(line) as typeof status));
  return { child, status: () => status };
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it("the publishing app instance killed mid-burst: the other takes over, every committed event applied once", async () => {
  const people = await Promise.all(Array.from({ length: 10 }, () => createUser()));
  const followers = await Promise.all(
    people.map((p) => {
      const tab = new RealtimeTestClient(p);
      tabs.push(tab);
      return followChannel(tab, p, channels.user(p.id));
    }),
  );

  const first = startInstance1(people.map((p) => p.id));
  instance1 = first.child;
  await until("instance 1 to publish", () => first.status().published > 0);
  // Instance 2 (this process) runs its publisher too, standing by while the lease is held.
  instance2 = startTestPublisher();
  let killed!: () => void;
  const dead = new Promise<void>((resolve) => (killed = resolve));
  // Both instances write; this one's last 100 only once instance 1 is dead.
  const burst = new Burst({ label: "instance-2", recipients: people, total: 300, holdAt: { count: 200, until: dead } });
  const writing = burst.run();

  await until("instance 1 to commit 200 notifications", () => first.status().committed >= 200);
  // Instance 1 holds the lease when it dies: what follows is a takeover.
  const lease = await db.outboxLease.findFirstOrThrow();
  expect(lease.holder).not.toBe(instance2.publisher.holder);
  const { published: publishedBy1 } = first.status();
  const publishedBy2Before = instance2.publisher.published;
  first.child.kill("SIGKILL");
  await new Promise((r) => first.child.once("exit", r));
  killed();
  await writing;

  const result = await tally("the publishing app instance killed (multi-node)", followers, {
    recipientIds: people.map((p) => p.id),
    failedWrites: burst.failed,
  });
  printTally(result);
  const publishedBy2After = instance2.publisher.published - publishedBy2Before;
  console.log(`instance 1 published ${publishedBy1} events before it was killed; instance 2 ${publishedBy2After} after`);
  expect(publishedBy1).toBeGreaterThan(0);
  expect(publishedBy2After).toBeGreaterThan(0);
  expectOutboxPromiseKept(result);
}, 180_000);
