// An outbox row as clients receive it (the envelope every event travels in),
// for the publisher and catch-up alike. On its own so that the publisher
// does not import the outbox's writers (which wake the publisher).
import "server-only";
import type { EventEnvelope } from "@/lib/events";

type OutboxRow = { seq: bigint; channel: string; type: string; payload: unknown; createdAt: Date };

export function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: Number(row.seq),
    type: row.type,
    channel: row.channel,
    at: row.createdAt.toISOString(),
    data: row.payload,
  } as EventEnvelope;
}
