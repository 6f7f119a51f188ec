// Fault: every connection the app holds to PostgreSQL is terminated by the
// server (pg_terminate_backend, as a failover or an administrator does),
// twice, in the middle of a burst of notifications to pusher-js clients.
// The writes in flight fail; the pool must replace its connections, the
// publisher must go on, and nothing committed may be lost or doubled.
import pg from "pg";
import { expect, it } from "vitest";
import { channels } from "@/lib/realtime/channel-names";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";
import { Burst } from "./burst";
import { expectOutboxPromiseKept, followChannel, printTally, tally } from "./delivery-tally";

const { client } = liveHarness();

/** Ends every other session on the app's database; returns how many it ended. */
async function terminateAppConnections(): Promise<number> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return rows.filter((r) => r.ended).length;
  } finally {
    await admin.end();
  }
}

it("every app connection to PostgreSQL terminated twice mid-burst: nothing lost, nothing phantom, nothing applied twice", async () => {
  const people = await Promise.all(Array.from({ length: 10 }, () => createUser()));
  const followers = await Promise.all(people.map((p) => followChannel(client(p), p, channels.user(p.id))));

  const burst = new Burst({ label: "pg-terminate", recipients: people, total: 500 });
  const writing = burst.run();
  const ended: number[] = [];
  for (const at of [150, 300]) {
    await burst.reached(at);
    ended.push(await terminateAppConnections());
  }
  await writing;

  const result = await tally("every app connection to PostgreSQL terminated (twice)", followers, {
    recipientIds: people.map((p) => p.id),
    failedWrites: burst.failed,
  });
  printTally(result);
  expect(ended.every((n) => n > 0)).toBe(true);
  expectOutboxPromiseKept(result);
}, 180_000);
