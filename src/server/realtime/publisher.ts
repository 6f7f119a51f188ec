// The outbox publisher: sends committed events to the Pusher-protocol server
// and marks them published. At-least-once: a batch whose send failed (or whose
// "published" mark was lost) is sent again, and clients drop the duplicate by
// its per-channel id. Only the holder of a lease in the database publishes, so
// with several app instances each channel's events still go out in order.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type Pusher from "pusher";
import type { Db } from "../db";
import { END_CONNECTIONS, type EndConnectionsPayload } from "./end-connections";
import { toEnvelope } from "./outbox";
import { describePusherError } from "./pusher";
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
// Requests in flight at once, one per lane. Soketi answers each in well under
// a millisecond of its own work; the wait is the round trip.
const LANES = 4;

type OutboxRow = { id: bigint; seq: bigint; channel: string; type: string; payload: unknown; createdAt: Date };

/** A channel's lane: fixed, so its events never overtake each other. */
function laneOf(channel: string): number {
  let hash = 0;
  for (let i = 0; i < channel.length; i++) hash = (hash * 31 + channel.charCodeAt(i)) | 0;
  return Math.abs(hash) % LANES;
}

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
  private leaseRenewedAt = 0;
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

  /**
   * Publishes what is waiting; returns how many were sent. Rows go out in
   * lanes, by channel: a channel's events all travel in one lane, in order,
   * while the lanes' requests are in flight together. A lane stops at its
   * first refused batch (its rows stay for the next drain, still in order);
   * the other lanes' rows are marked published all the same.
   */
  async drain(): Promise<number> {
    if (!(await this.takeLease())) return 0;
    const rows = await this.db.outboxEvent.findMany({
      where: { publishedAt: null },
      orderBy: { id: "asc" },
      take: ROWS_PER_DRAIN,
      select: { id: true, seq: true, channel: true, type: true, payload: true, createdAt: true },
    });
    if (rows.length === 0) return 0;
    const sent: bigint[] = [];
    let failure: { error: unknown } | null = null;
    // A row that closes connections is a barrier: what was committed before
    // it is sent before it, what came after only once it is done.
    for (const segment of segmentsAtBarriers(rows)) {
      failure =
        segment.length === 1 && segment[0]!.type === END_CONNECTIONS
          ? await this.sendBatch(segment, sent)
          : ((await Promise.all(inLanes(segment).map((lane) => this.sendLane(lane, sent)))).find((f) => f !== null) ?? null);
      if (failure) break;
    }
    if (sent.length > 0) {
      await this.db.$executeRaw`
        UPDATE "OutboxEvent" SET "publishedAt" = now() AT TIME ZONE 'UTC' WHERE id = ANY(${sent.map(String)}::bigint[])`;
      this.published += sent.length;
    }
    if (failure) throw failure.error;
    return sent.length;
  }

  /** Sends one lane's rows in order, 10 to a request; returns the failure that stopped it, if any. */
  private async sendLane(rows: OutboxRow[], sent: bigint[]): Promise<{ error: unknown } | null> {
    for (let i = 0; i < rows.length; i += PUSHER_BATCH) {
      const failure = await this.sendBatch(rows.slice(i, i + PUSHER_BATCH), sent);
      if (failure) return failure;
    }
    return null;
  }

  /** One request: a batch of events, or closing a person's connections. */
  private async sendBatch(batch: OutboxRow[], sent: bigint[]): Promise<{ error: unknown } | null> {
    try {
      const [first] = batch;
      if (first?.type === END_CONNECTIONS) await this.endConnections(first.payload as EndConnectionsPayload);
      else {
        await this.pusher.triggerBatch(
          batch.map((row) => ({ channel: row.channel, name: row.type, data: JSON.stringify(toEnvelope(row)) })),
        );
      }
    } catch (error) {
      await this.db.outboxEvent
        .updateMany({ where: { id: { in: batch.map((r) => r.id) } }, data: { attempts: { increment: 1 } } })
        .catch(() => undefined);
      return { error };
    }
    sent.push(...batch.map((row) => row.id));
    return null;
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

  /**
   * Takes or renews the lease; false when another live instance holds it.
   * A held lease is renewed only once half of it has passed: a write per
   * drain would cost every event a statement.
   */
  private async takeLease(): Promise<boolean> {
    if (this.holdsLease && performance.now() < this.leaseRenewedAt + this.leaseMs / 2) return true;
    const asked = performance.now();
    // Expiry is in the database's clock, so instances with skewed clocks agree.
    const rows = await this.db.$queryRaw<{ holder: string }[]>`
      INSERT INTO "OutboxLease" ("name", "holder", "expiresAt")
      VALUES (${LEASE_NAME}, ${this.holder}, now() + ${this.leaseMs} * interval '1 millisecond')
      ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt"
      WHERE "OutboxLease"."holder" = EXCLUDED."holder" OR "OutboxLease"."expiresAt" < now()
      RETURNING "holder"`;
    this.holdsLease = rows.length === 1;
    // Counted from before the request: the lease may have started any time
    // after that, never before.
    if (this.holdsLease) this.leaseRenewedAt = asked;
    return this.holdsLease;
  }

  /** Whether this instance published last time it looked (local commits wake it directly). */
  get leader(): boolean {
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

/** The rows split at each row that closes connections, which stands alone in its place. */
function segmentsAtBarriers(rows: OutboxRow[]): OutboxRow[][] {
  const segments: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  for (const row of rows) {
    if (row.type !== END_CONNECTIONS) {
      current.push(row);
      continue;
    }
    if (current.length > 0) segments.push(current);
    segments.push([row]);
    current = [];
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/** Rows by lane, each lane in outbox order. */
function inLanes(rows: OutboxRow[]): OutboxRow[][] {
  const lanes = new Map<number, OutboxRow[]>();
  for (const row of rows) {
    const lane = laneOf(row.channel);
    lanes.set(lane, [...(lanes.get(lane) ?? []), row]);
  }
  return [...lanes.values()];
}

// "HTTP 413", "connect ECONNREFUSED 127.0.0.1:6001", or the error's message.
const describe = describePusherError;
