// Dead letters: events the realtime server kept refusing
// (docs/architecture.md, "Refused events and dead letters"). The publisher sets such an event aside so that
// its channel goes on: the event moves to the DeadLetter table and its place
// in the outbox (its id on the channel) is taken by a `channel.reset`, which
// tells every reader of the channel to reload its view. Channel order holds:
// nothing after the event was sent before the reset. Admins hear of it live on
// `private-admin` (an event through the outbox like any other).
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { CHANNEL_RESET, type DeadLetterView, type EventData } from "@/lib/events";
import { shortText } from "@/lib/event-text";
import type { Db, Tx } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, nextSeq, transactionWithEvents, wroteUnlistedEvent } from "./outbox";

/** The fields of a dead letter its view needs, selected once. */
export const deadLetterSelect = {
  id: true,
  channel: true,
  seq: true,
  type: true,
  error: true,
  attempts: true,
  createdAt: true,
  deadAt: true,
  resolvedAt: true,
  resolution: true,
  resolvedBy: { select: { name: true } },
} satisfies Prisma.DeadLetterSelect;

type DeadLetterRow = Prisma.DeadLetterGetPayload<{ select: typeof deadLetterSelect }>;

export function toDeadLetterView(row: DeadLetterRow): DeadLetterView {
  return {
    id: row.id.toString(),
    channel: row.channel,
    seq: Number(row.seq),
    type: row.type,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    deadAt: row.deadAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolution: row.resolution === "RESOLVED" || row.resolution === "RETRIED" ? row.resolution : null,
    resolvedBy: row.resolvedBy?.name ?? null,
  };
}

/** A refused outbox row as the publisher read it. */
export type RefusedRow = {
  id: bigint;
  seq: bigint;
  channel: string;
  type: string;
  payload: unknown;
  createdAt: Date;
};

const RESET_DATA: EventData<typeof CHANNEL_RESET> = { reason: "undeliverable" };

/**
 * Moves a refused event to the dead letters, in one transaction: the dead
 * letter, the reset in the event's place and the admins' event. Returns
 * false when the row is no longer the one the publisher read (another
 * instance dealt with it meanwhile).
 */
export async function setAside(db: Db, row: RefusedRow, error: string, attempts: number): Promise<boolean> {
  return transactionWithEvents(db, async (tx) => {
    const reason = shortText(error, 500);
    const replaced =
      row.type === CHANNEL_RESET
        ? // A refused reset cannot be replaced by itself: it is skipped
          // (catch-up still serves it, so readers who ask still reload).
          await tx.outboxEvent.updateMany({
            where: { id: row.id, publishedAt: null, type: row.type },
            data: { publishedAt: new Date(), nextAttemptAt: null, lastError: reason },
          })
        : await tx.outboxEvent.updateMany({
            where: { id: row.id, publishedAt: null, type: row.type },
            data: {
              type: CHANNEL_RESET,
              payload: RESET_DATA,
              attempts: 0,
              nextAttemptAt: null,
              lastError: null,
            },
          });
    if (replaced.count === 0) return false;
    wroteUnlistedEvent(tx); // the reset now waiting in the event's place
    const dead = await tx.deadLetter.create({
      data: {
        channel: row.channel,
        seq: row.seq,
        type: row.type,
        payload: row.payload as Prisma.InputJsonValue,
        error: reason,
        attempts,
        createdAt: row.createdAt,
        deadAt: new Date(),
      },
      select: deadLetterSelect,
    });
    await appendEvent(tx, channels.admin(), "dead-letter.created", { deadLetter: toDeadLetterView(dead) });
    return true;
  });
}

/** How many dead letters no admin has dealt with yet (health reports "degraded" while any). */
export function countUnresolved(db: Db | Tx): Promise<number> {
  return db.deadLetter.count({ where: { resolvedAt: null } });
}

/**
 * Writes a dead letter's event again, as the channel's newest: for an admin
 * who fixed what made the server refuse it (its size limit). Not checked
 * against the catalogue again: it was when it was first written.
 */
export async function appendAgain(tx: Tx, dead: { channel: string; type: string; payload: Prisma.JsonValue }): Promise<number> {
  const seq = await nextSeq(tx, dead.channel);
  wroteUnlistedEvent(tx);
  await tx.outboxEvent.create({
    data: { channel: dead.channel, seq, type: dead.type, payload: dead.payload as Prisma.InputJsonValue },
  });
  return Number(seq);
}
