// The outbox publisher: sends committed events to the Pusher-protocol server
// and marks them published. At-least-once: a batch whose send failed (or whose
// "published" mark was lost) is sent again, and clients drop the duplicate by
// its per-channel id. Only the holder of a lease in the database publishes, so
// with several app instances each channel's events still go out in order.
import { randomUUID } from "node:crypto";
import type Pusher from "pusher";
import type { Db } from "../db";
import { END_CONNECTIONS, type EndConnectionsPayload } from "./end-connections";
import { toEnvelope } from "./outbox";
import { pruneEvents } from "./retention";

export type PublisherOptions = {
  db: Db;
  pusher: Pusher;
  /** How often to look for events committed by other instances. */
  pollMs?: number;
  /** How long a lease lasts without renewal; another instance takes over after. */
  leaseMs?: number;
  /** Longest pause between retries while the server is unreachable. */
  maxBackoffMs?: number;
  /** How long published events are kept for catch-up; older ones are pruned by the lease holder. */
  retentionMs?: number;
  /** How often the lease holder prunes. */
  pruneEveryMs?: number;
  log?: Pick<Console, "info" | "warn" | "error">;
};

// Pusher's HTTP API takes at most 10 events per batch request.
const PUSHER_BATCH = 10;
const ROWS_PER_DRAIN = 100;
const LEASE_NAME = "outbox-publisher";

export class OutboxPublisher {
  readonly holder = randomUUID();
  private readonly db: Db;
  private readonly pusher: Pusher;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly maxBackoffMs: number;
  private readonly log: Pick<Console, "info" | "warn" | "error">;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private kicked = false;
  private failingSince: Date | null = null;
  private holdsLease = false;
  private readonly retentionMs: number;
  private readonly pruneEveryMs: number;
  private lastPrune = 0;
  /** Published by this instance since start (for health and benchmarks). */
  published = 0;

  constructor(options: PublisherOptions) {
    this.db = options.db;
    this.pusher = options.pusher;
    this.pollMs = options.pollMs ?? 250;
    this.leaseMs = options.leaseMs ?? 10_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 2_000;
    this.retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
    this.pruneEveryMs = options.pruneEveryMs ?? 10 * 60 * 1000;
    this.log = options.log ?? console;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the batch in flight and gives up the lease. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await this.db.outboxLease
      .deleteMany({ where: { name: LEASE_NAME, holder: this.holder } })
      .catch(() => undefined);
  }

  /** Asks for a drain now (called after a commit in this process). */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** When the last send failed and has not yet succeeded since; null if healthy. */
  get failing(): Date | null {
    return this.failingSince;
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      this.kicked = false;
      try {
        const sent = await this.drain();
        if (this.failingSince) {
          this.log.info(`[outbox] publishing again after an outage since ${this.failingSince.toISOString()}`);
          this.failingSince = null;
        }
        backoff = 100;
        if (sent > 0) continue; // more may be waiting
        await this.pruneWhenDue();
        await this.sleep(this.pollMs);
      } catch (error) {
        if (!this.failingSince) {
          this.failingSince = new Date();
          this.log.warn(`[outbox] cannot publish, will retry: ${describe(error)}`);
        }
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.maxBackoffMs);
      }
    }
  }

  /** Publishes what is waiting, in order; returns how many were sent. */
  async drain(): Promise<number> {
    if (!(await this.takeLease())) return 0;
    const rows = await this.db.outboxEvent.findMany({
      where: { publishedAt: null },
      orderBy: { id: "asc" },
      take: ROWS_PER_DRAIN,
      select: { id: true, seq: true, channel: true, type: true, payload: true, createdAt: true },
    });
    let sent = 0;
    for (const batch of inBatches(rows)) {
      try {
        const [first] = batch;
        if (first?.type === END_CONNECTIONS) await this.endConnections(first.payload as EndConnectionsPayload);
        else {
          await this.pusher.triggerBatch(
            batch.map((row) => ({
              channel: row.channel,
              name: row.type,
              data: JSON.stringify(toEnvelope(row)),
            })),
          );
        }
      } catch (error) {
        await this.db.outboxEvent
          .updateMany({ where: { id: { in: batch.map((r) => r.id) } }, data: { attempts: { increment: 1 } } })
          .catch(() => undefined);
        throw error;
      }
      await this.db.outboxEvent.updateMany({
        where: { id: { in: batch.map((r) => r.id) } },
        data: { publishedAt: new Date() },
      });
      sent += batch.length;
      this.published += batch.length;
    }
    return sent;
  }

  /**
   * Asks the server to close a person's connections. A server that answers
   * 4xx will never do it (it lacks the endpoint, or refuses the request):
   * that is logged and the outbox goes on, since holding every later event
   * back would not close the sockets either.
   */
  private async endConnections(payload: EndConnectionsPayload): Promise<void> {
    try {
      await this.pusher.terminateUserConnections(payload.userId);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === undefined || status < 400 || status >= 500 || status === 429) throw error;
      this.log.error(`[outbox] the realtime server refused to close ${payload.userId}'s connections: HTTP ${status}`);
    }
  }

  /** The scheduled pruning of old events: one instance (the lease holder) does it. */
  private async pruneWhenDue(): Promise<void> {
    if (!this.holdsLease || Date.now() - this.lastPrune < this.pruneEveryMs) return;
    this.lastPrune = Date.now();
    try {
      const pruned = await pruneEvents(this.db, new Date(Date.now() - this.retentionMs));
      if (pruned > 0) this.log.info(`[outbox] pruned ${pruned} events older than the retention`);
    } catch (error) {
      this.log.warn(`[outbox] pruning failed, will try again later: ${describe(error)}`);
    }
  }

  /** Takes or renews the lease; false when another live instance holds it. */
  private async takeLease(): Promise<boolean> {
    // Expiry is in the database's clock, so instances with skewed clocks agree.
    const rows = await this.db.$queryRaw<{ holder: string }[]>`
      INSERT INTO "OutboxLease" ("name", "holder", "expiresAt")
      VALUES (${LEASE_NAME}, ${this.holder}, now() + ${this.leaseMs} * interval '1 millisecond')
      ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt"
      WHERE "OutboxLease"."holder" = EXCLUDED."holder" OR "OutboxLease"."expiresAt" < now()
      RETURNING "holder"`;
    this.holdsLease = rows.length === 1;
    return this.holdsLease;
  }

  private sleep(ms: number): Promise<void> {
    if (this.kicked || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

type Row = { type: string };

/**
 * Consecutive events in batches of Pusher's size; a row that closes
 * connections alone, in its place, so that the events before it are sent
 * before it and the events after it only after it.
 */
function inBatches<R extends Row>(rows: R[]): R[][] {
  const batches: R[][] = [];
  let current: R[] = [];
  for (const row of rows) {
    if (row.type === END_CONNECTIONS) {
      if (current.length > 0) batches.push(current);
      batches.push([row]);
      current = [];
      continue;
    }
    current.push(row);
    if (current.length === PUSHER_BATCH) {
      batches.push(current);
      current = [];
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "status" in error) {
    return `HTTP ${(error as { status: number }).status}`;
  }
  return error instanceof Error ? error.message : String(error);
}
