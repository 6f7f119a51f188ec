// Each worker process says it is alive every few seconds, in the database
// every instance shares (workers may run on other machines than the web
// servers). /api/health reads it: with no worker alive, imports, snoozed
// notifications and announcement pushes wait, and the app is "degraded".
// A worker whose event loop is stuck stops beating too, so it counts as down.
import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "../db";

const BEAT_EVERY_MS = 5_000;
/** Four beats missed: a worker is down (health.ts; docs/operations.md). */
const WORKER_STALE_SECONDS = 20;
/** Rows of workers that died without a goodbye (kill -9, a lost machine) go after an hour. */
const FORGET_AFTER_SECONDS = 3_600;

export type WorkerHeartbeat = { stop(): Promise<void> };

/** Beats once now, then every few seconds until stopped. */
export async function startWorkerHeartbeat(db: Db, log: (message: string) => void): Promise<WorkerHeartbeat> {
  const id = randomUUID();
  const host = hostname();
  // The database's clock (now()), so that workers with skewed clocks agree.
  const beat = async () => {
    await db.$executeRaw`
      INSERT INTO "WorkerHeartbeat" ("id", "host", "pid", "startedAt", "seenAt")
      VALUES (${id}, ${host}, ${process.pid}, now(), now())
      ON CONFLICT ("id") DO UPDATE SET "seenAt" = now()`;
    await db.$executeRaw`
      DELETE FROM "WorkerHeartbeat" WHERE "seenAt" < now() - ${FORGET_AFTER_SECONDS} * interval '1 second'`;
  };
  await beat();
  let failing = false;
  const timer = setInterval(() => {
    beat().then(
      () => {
        if (failing) log("reporting alive again");
        failing = false;
      },
      (error: unknown) => {
        // Once per outage: the database being down is reported by /api/health.
        if (!failing) log(`cannot report alive to the database: ${error instanceof Error ? error.message : String(error)}`);
        failing = true;
      },
    );
  }, BEAT_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      // Gone on purpose: not "down" for the next 20 s.
      await db.$executeRaw`DELETE FROM "WorkerHeartbeat" WHERE "id" = ${id}`.catch(() => undefined);
    },
  };
}

export type WorkersAlive = {
  /** Workers that beat within the last WORKER_STALE_SECONDS. */
  running: number;
  /** Since the newest beat of any worker; null when none is known. */
  lastSeenSecondsAgo: number | null;
};

export async function workersAlive(db: Db): Promise<WorkersAlive> {
  const [row] = await db.$queryRaw<[{ running: number; lastSeenSecondsAgo: number | null }]>`
    SELECT
      count(*) FILTER (WHERE "seenAt" >= now() - ${WORKER_STALE_SECONDS} * interval '1 second')::int AS "running",
      floor(extract(epoch FROM now() - max("seenAt")))::int AS "lastSeenSecondsAgo"
    FROM "WorkerHeartbeat"`;
  return row;
}
