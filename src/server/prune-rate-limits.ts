// The rate limits' counters (the `RateLimit` table: postgres-limiter.ts,
// sliding-window-limit.ts) get a new row per key and window slice, and
// rate-limiter-flexible's own clean-up timer is off (each limiter instance of
// each app process would run it). An expired counter counts for nothing (the
// store reads and overwrites it as if it were absent), so the cleanup job
// deletes them here, in small batches, oldest first (a long DELETE would hold
// locks the limited requests need).
import "server-only";
import type { Db } from "./db";

const BATCH = 5_000;
/**
 * A counter is deleted only this long after it expired: its expiry was set
 * by the clock of the app process that wrote it, and one whose clock is
 * behind ours must not lose a counter it still counts with. (The library's
 * own clearExpired waits an hour too.)
 */
const RATE_LIMIT_GRACE_MS = 60 * 60 * 1000;

/** Deletes expired rate-limit counters; returns how many. */
export async function pruneRateLimits(db: Db, now = Date.now()): Promise<number> {
  const before = now - RATE_LIMIT_GRACE_MS;
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM "RateLimit" WHERE "key" IN (
        SELECT "key" FROM "RateLimit" WHERE "expire" < ${before}::bigint
        ORDER BY "expire" LIMIT ${BATCH})`;
    total += deleted;
    if (deleted < BATCH) return total;
  }
}
