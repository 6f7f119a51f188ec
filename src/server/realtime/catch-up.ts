// What a client missed on its channels, for a reconnecting or waking tab:
// the events after the last id it applied, or "reset" when they cannot be
// replayed (more than one answer holds, pruned by retention, or the client
// is ahead of the server), and it must reload that view instead.
import "server-only";
import type { Db } from "../db";
import { toEnvelope } from "./envelope";
import { channelHead } from "./outbox";

export const CATCH_UP_LIMIT = 200;

export type CatchUp = { events: ReturnType<typeof toEnvelope>[]; reset: boolean };

/**
 * Committed events of a channel after `afterId`, oldest first. Includes
 * events not yet published: a client that reconnects before the publisher
 * caught up gets them here and drops the late push as a duplicate.
 */
export async function catchUp(db: Db, channel: string, afterId: number): Promise<CatchUp> {
  // The head first: every event up to it has committed, so the rows read
  // next hold event afterId + 1 unless it was pruned.
  const head = await channelHead(db, channel);
  const rows = await db.outboxEvent.findMany({
    where: { channel, seq: { gt: BigInt(afterId) } },
    orderBy: { seq: "asc" },
    take: CATCH_UP_LIMIT + 1,
    select: { seq: true, channel: true, type: true, payload: true, createdAt: true },
  });
  const truncated = rows.length > CATCH_UP_LIMIT;
  // The next event the client needs is gone (retention pruned it) although
  // the channel went on: there is nothing to replay from.
  const pruned = head > afterId && (rows.length === 0 || rows[0]!.seq !== BigInt(afterId + 1));
  const ahead = afterId > head;
  if (truncated || pruned || ahead) return { events: [], reset: true };
  return { events: rows.map(toEnvelope), reset: false };
}
