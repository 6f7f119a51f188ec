// The worker's side of the cleanup job: what would otherwise grow
// without end is deleted every CLEANUP_INTERVAL_MINUTES. Every worker
// declares the schedule (the same row, so the last one started wins) and
// pg-boss sends each occurrence once, to whichever worker takes it.
import "server-only";
import type { PgBoss } from "pg-boss";
import type { Db } from "../db";
import { env } from "../env";
import { defineQueue, ensureQueue } from "../job-queue";
import { pruneRateLimits } from "../prune-rate-limits";
import { expireUploads } from "../uploads/expire-uploads";
import type { UploadStorage } from "../uploads/storage";

/**
 * Deletes what would otherwise grow without end: expired unfinished
 * uploads, expired rate-limit counters. Workers schedule it every
 * CLEANUP_INTERVAL_MINUTES. One run at a time (`exclusive`: while one is
 * queued or running, another is not queued); a failed run is tried again
 * shortly, and the next occurrence comes anyway.
 */
export const cleanupQueue = defineQueue<object>("cleanup", { policy: "exclusive", expireInSeconds: 30 * 60, retryLimit: 2, retryDelay: 60 });

/** The cron expression of an interval from CLEANUP_INTERVALS (env.ts). */
function cleanupCron(minutes: number): string {
  if (minutes < 60) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  const hours = minutes / 60;
  if (hours === 1) return "0 * * * *";
  return hours === 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}

/** One run: each part on its own, so one that fails does not stop the other. */
async function runCleanup(db: Db, storage: UploadStorage, log: (message: string) => void): Promise<void> {
  const parts: [string, () => Promise<string | null>][] = [
    [
      "expired uploads",
      async () => {
        const removed = await expireUploads(db, storage);
        return removed > 0 ? `deleted ${removed} expired unfinished upload(s)` : null;
      },
    ],
    [
      "rate-limit counters",
      async () => {
        const pruned = await pruneRateLimits(db);
        return pruned > 0 ? `pruned ${pruned} expired rate-limit counter(s)` : null;
      },
    ],
  ];
  const failed: string[] = [];
  for (const [name, part] of parts) {
    try {
      const done = await part();
      if (done) log(`cleanup: ${done}`);
    } catch (error) {
      failed.push(`${name}: ${String(error)}`);
    }
  }
  // The job fails (and is retried) when any part did.
  if (failed.length > 0) throw new Error(`cleanup failed for ${failed.join("; ")}`);
}

export async function startCleanup(boss: PgBoss, db: Db, storage: UploadStorage, log: (message: string) => void) {
  await ensureQueue(boss, cleanupQueue);
  await boss.work(cleanupQueue.name, { pollingIntervalSeconds: 2 }, async () => {
    await runCleanup(db, storage, log);
  });
  const cron = cleanupCron(env().CLEANUP_INTERVAL_MINUTES);
  // `once`: after workers were down over an occurrence, one run on their return.
  await boss.schedule(cleanupQueue.name, cron, null, { missed: "once" });
  log(`cleanup scheduled (cron "${cron}", UTC)`);
}
