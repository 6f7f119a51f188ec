// How long events are kept for catch-up. Published events older than the
// retention are deleted in small batches (a long DELETE would hold locks the
// publisher and writers need); unpublished ones are never deleted. A client
// that missed more than the retention reloads its view instead (catch-up.ts).
import "server-only";
import type { Db } from "../db";

const PRUNE_BATCH = 5_000;

/** Deletes published events created before `before`; returns how many. */
export async function pruneEvents(db: Db, before: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM "OutboxEvent" WHERE "id" IN (
        SELECT "id" FROM "OutboxEvent"
        WHERE "publishedAt" IS NOT NULL AND "createdAt" < ${before}
        ORDER BY "id" LIMIT ${PRUNE_BATCH})`;
    total += deleted;
    if (deleted < PRUNE_BATCH) return total;
  }
}
