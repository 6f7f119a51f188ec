// The outbox publisher: sends committed events to the Pusher-protocol server
// and marks them published. At-least-once: a batch whose send failed (or whose
// "published" mark was lost) is sent again, and clients drop the duplicate by
// its per-channel id. Only the holder of a lease in the database publishes, so
// with several app instances each channel's events still go out in order.
//
// Two kinds of failure. The server unreachable or failing (network, 5xx,
// 429, a 401 from wrong credentials): nothing is at fault but the server, so
// everything waits and is retried until it is back. The server refusing a
// batch (400, 413: an event too big for its limit): the batch is split to
// find the event(s) at fault, the rest go out, and an event at fault holds
// back only its own channel (to keep its order) while it is retried with a
// growing pause; after `maxAttempts` refusals it is set aside as a dead
// letter and its channel goes on (dead-letter.ts).
import "server-only";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Prisma } from "@/generated/prisma/client";
import { queryPooled, type Db } from "../db";
import { setAside, type RefusedRow } from "./dead-letter";
import { END_CONNECTIONS, type EndConnectionsPayload } from "./end-connections";
import { toEnvelope } from "./envelope";
import type { AppendedEvent } from "./outbox";
import { describePusherError, type AppPusher } from "./pusher";
import { pruneEvents } from "./retention";

export type PublisherOptions = {
  /** The process's client (the outbox's read goes through its pool with `pg`: waitingRows). */
  db: Db;
  pusher: AppPusher;
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
  /** Events per request: Pusher's HTTP API takes 10, a Soketi what it is set to (PUSHER_MAX_BATCH). */
  maxBatch?: number;
  /** Refusals of one event (a 4xx) before it is set aside as a dead letter. */
  maxAttempts?: number;
  /** The pause after an event's first refusal; it doubles after each one. */
  retryBaseMs?: number;
  log?: Pick<Console, "info" | "warn" | "error">;
};

// Pusher's HTTP API takes at most 10 events per batch request; a Soketi as
// many as it is set to. Either refuses a request body over 100 KB.
const DEFAULT_BATCH = 10;
const BATCH_BYTES = 90 * 1024;
const ROWS_PER_DRAIN = 100;
// Events sent straight from a handover wait for the next read to be marked
// published; past this many, a read comes at once.
const MAX_UNMARKED = 200;
// Channels whose last sent number is remembered; past this, it starts over
// (a forgotten channel's next event goes out through a read, as at start).
const MAX_REMEMBERED_CHANNELS = 100_000;
const LEASE_NAME = "outbox-publisher";
// Requests in flight at once, one per lane. Soketi answers each in well under
// a millisecond of its own work; the wait is the round trip.
const LANES = 4;

// The longest pause between two attempts of a refused event.
const MAX_RETRY_PAUSE_MS = 5 * 60 * 1000;
// Answers that refuse the request itself: sending it again as it is would be
// refused again. Anything else (401 and 403 from wrong credentials, 404 from a
// wrong app id, 429, 5xx, no answer) is the server's state, not the event's.
const REFUSAL_STATUSES = new Set([400, 413, 422]);

type OutboxRow = RefusedRow & {
  /** Refusals so far. */
  attempts: number;
};

/** What one drain did: sent, refused (one event each), and the channels held back by a refusal. */
type DrainResult = {
  sent: bigint[];
  refused: { row: OutboxRow; error: unknown }[];
  held: Set<string>;
};
type Failure = { error: unknown } | null;

/** A channel's lane: fixed, so its events never overtake each other. */
export function laneOf(channel: string): number {
  let hash = 0;
  for (let i = 0; i < channel.length; i++) hash = (hash * 31 + channel.charCodeAt(i)) | 0;
  return Math.abs(hash) % LANES;
}

export class OutboxPublisher {
  readonly holder = randomUUID();
  private readonly db: Db;
  private readonly pusher: AppPusher;
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
  private readonly maxAttempts: number;
  private readonly maxBatch: number;
  private readonly retryBaseMs: number;
  /** Sent by the last drain (or handovers since); the next drain's statement marks them published. */
  private sentUnmarked: bigint[] = [];
  /** Events committed in this process and handed over by kick(), not yet looked at. */
  private handedOver: OutboxRow[] = [];
  /** Whether only a read of the outbox finds what waits (at start, after a poll or a wake-up without events). */
  private readWanted = true;
  /**
   * Per channel, the number of the last event this instance sent while it
   * held the lease. A handed-over event numbered one more has nothing of its
   * channel before it left to send, so it goes out without a read.
   */
  private readonly lastSent = new Map<string, bigint>();
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
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxBatch = options.maxBatch ?? DEFAULT_BATCH;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
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
    await this.flushMarks().catch(() => undefined); // else the next holder sends them again
    await this.db.outboxLease
      .deleteMany({ where: { name: LEASE_NAME, holder: this.holder } })
      .catch(() => undefined);
  }

  /**
   * Asks for a drain now (called after a commit in this process). With the
   * events the commit wrote, the publisher may send them as they are instead
   * of reading them back: one database round trip less between a change and
   * its delivery (sendHandedOver).
   */
  kick(committed?: readonly AppendedEvent[]): void {
    if (committed?.length && this.running && this.handedOver.length < ROWS_PER_DRAIN && !committed.some((e) => e.afterBarrier)) {
      for (const event of committed) this.handedOver.push(fromAppended(event));
    } else {
      this.readWanted = true;
    }
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
        const handed = this.handedOver;
        this.handedOver = [];
        let dealt = handed.length > 0 ? await this.sendHandedOver(handed) : 0;
        if (this.readWanted || this.sentUnmarked.length >= MAX_UNMARKED) {
          this.readWanted = false;
          const sent = await this.drain();
          dealt += sent;
          if (sent > 0) this.readWanted = true; // more may be waiting
        }
        if (this.failingSince) {
          this.log.info(`[outbox] publishing again after an outage since ${this.failingSince.toISOString()}`);
          this.failingSince = null;
        }
        backoff = 100;
        if (this.readWanted) continue;
        if (dealt === 0) await this.pruneWhenDue();
        await this.sleep(this.pollMs);
        // Woken by the poll, not a kick: look for what other processes committed.
        if (!this.kicked) this.readWanted = true;
      } catch (error) {
        this.readWanted = true;
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
   * Publishes what is waiting; returns how many events it dealt with (sent,
   * or refused and recorded). Rows that one request holds go out in it;
   * more go in lanes, by channel: a channel's events all travel in one
   * lane, in order, while the lanes' requests are in flight together. A lane
   * stops at its first failed request (its rows stay
   * for the next drain, still in order); a refused batch is split instead,
   * and only the channel of an event at fault stops. The other lanes' rows
   * are marked published all the same.
   */
  async drain(): Promise<number> {
    if (!(await this.takeLease())) {
      await this.flushMarks();
      return 0;
    }
    this.handedOver = []; // the read finds them too
    const rows = await this.waitingRows();
    if (rows.length === 0) return 0;
    const result: DrainResult = { sent: [], refused: [], held: new Set() };
    let failure: Failure = null;
    // A row that closes connections is a barrier: what was committed before
    // it is sent before it, what came after only once it is done.
    for (const segment of segmentsAtBarriers(rows)) {
      failure =
        segment.length === 1 && segment[0]!.type === END_CONNECTIONS
          ? await this.sendEndConnections(segment[0]!, result)
          : ((await Promise.all(this.lanes(segment).map((lane) => this.sendLane(lane, result)))).find((f) => f !== null) ?? null);
      if (failure) break;
    }
    // Marked published by the next drain's statement (waitingRows), which
    // follows at once: one statement per drain instead of two.
    this.sentUnmarked.push(...result.sent);
    this.published += result.sent.length;
    await this.recordRefusals(result.refused);
    if (failure) throw failure.error;
    return result.sent.length + result.refused.length;
  }

  /**
   * Sends events committed in this process as they were handed over, without
   * reading the outbox: each one whose channel's previous event this instance
   * sent. Any other (its channel's earlier events not sent from here yet, or
   * one that closes connections) is left to the next read, which sends the
   * channel's events in order; a handed-over event already sent by a read
   * is dropped. (Events written while a barrier waited never get here: kick.)
   * Returns how many it dealt with.
   */
  private async sendHandedOver(rows: OutboxRow[]): Promise<number> {
    if (!(await this.takeLease())) return 0; // the holder hears of them by NOTIFY
    const ready: OutboxRow[] = [];
    const planned = new Map<string, bigint>();
    for (const row of rows.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const last = planned.get(row.channel) ?? this.lastSent.get(row.channel) ?? 0n;
      if (row.seq === last + 1n && row.type !== END_CONNECTIONS) {
        planned.set(row.channel, row.seq);
        ready.push(row);
      } else if (row.seq > last) {
        this.readWanted = true;
      }
    }
    if (ready.length === 0) return 0;
    const result: DrainResult = { sent: [], refused: [], held: new Set() };
    const failure = (await Promise.all(this.lanes(ready).map((lane) => this.sendLane(lane, result)))).find((f) => f !== null);
    this.sentUnmarked.push(...result.sent);
    this.published += result.sent.length;
    await this.recordRefusals(result.refused);
    if (result.refused.length > 0) this.readWanted = true;
    if (failure) throw failure.error;
    return result.sent.length + result.refused.length;
  }

  /**
   * The oldest unpublished rows, leaving out every channel held back by a
   * refused event that waits for its next attempt: those wait whole (their
   * order), and never crowd the other channels out of a drain.
   */
  private async waitingRows(): Promise<OutboxRow[]> {
    // The same statement marks what the last drain sent, and leaves those
    // rows out: its snapshot still sees them unpublished.
    const sent = this.sentUnmarked.map(String);
    // Through `pg`, not Prisma (queryPooled says why; the process's pool, as
    // `db` has it): bigints as text, the timestamp as timestamptz, which `pg`
    // reads alike in any time zone.
    const { rows } = await queryPooled<Omit<OutboxRow, "id" | "seq"> & { id: string; seq: string }>(Prisma.sql`
      WITH marked AS (${markPublished(sent)})
      SELECT id::text AS id, seq::text AS seq, channel, type, payload, "createdAt" AT TIME ZONE 'UTC' AS "createdAt", attempts
      FROM "OutboxEvent"
      WHERE "publishedAt" IS NULL AND id <> ALL(${sent}::bigint[]) AND channel NOT IN (
        SELECT channel FROM "OutboxEvent"
        WHERE "publishedAt" IS NULL AND "nextAttemptAt" > now() AT TIME ZONE 'UTC')
      ORDER BY id LIMIT ${ROWS_PER_DRAIN}`);
    this.sentUnmarked = [];
    return rows.map((row) => ({ ...row, id: BigInt(row.id), seq: BigInt(row.seq) }));
  }

  /** Marks what was sent and not yet marked (before giving up the lease, or after losing it). */
  private async flushMarks(): Promise<void> {
    if (this.sentUnmarked.length === 0) return;
    await this.db.$executeRaw(markPublished(this.sentUnmarked.map(String)));
    this.sentUnmarked = [];
  }

  /**
   * How rows travel, as each lane's requests: all in one request when one
   * request holds them (most drains under load: a few channels' events
   * each), else by lane. Every request costs the app and the realtime
   * server about as much as the events it carries, so requests in parallel
   * pay only when there are more events than one takes.
   */
  private lanes(rows: OutboxRow[]): OutboxRow[][][] {
    const requests = batches(rows, this.maxBatch);
    return requests.length === 1 ? [requests] : inLanes(rows).map((lane) => batches(lane, this.maxBatch));
  }

  /** Sends one lane's requests in order; returns the failure that stopped it, if any. */
  private async sendLane(requests: OutboxRow[][], result: DrainResult): Promise<Failure> {
    for (const batch of requests) {
      const failure = await this.sendSplitting(unheld(batch, result), result);
      if (failure) return failure;
    }
    return null;
  }

  /**
   * Sends a batch; when the server refuses it, sends its halves (in order)
   * the same way, down to single events: an event refused alone is the one
   * at fault, and its channel's later events wait behind it. A batch may be
   * refused as a whole (too many bytes together) with each event fine.
   */
  private async sendSplitting(batch: OutboxRow[], result: DrainResult): Promise<Failure> {
    if (batch.length === 0) return null;
    try {
      const answer = await this.pusher.publishBatch(
        batch.map((row) => ({ channel: row.channel, name: row.type, data: JSON.stringify(toEnvelope(row)) })),
      );
      const error = errorInBody(answer);
      if (error) throw error;
    } catch (error) {
      if (!isRefusal(error)) return { error };
      if (batch.length === 1) {
        result.refused.push({ row: batch[0]!, error });
        result.held.add(batch[0]!.channel);
        return null;
      }
      const half = Math.ceil(batch.length / 2);
      return (
        (await this.sendSplitting(batch.slice(0, half), result)) ??
        (await this.sendSplitting(unheld(batch.slice(half), result), result))
      );
    }
    result.sent.push(...batch.map((row) => row.id));
    if (this.lastSent.size > MAX_REMEMBERED_CHANNELS) this.lastSent.clear();
    for (const row of batch) this.lastSent.set(row.channel, row.seq);
    return null;
  }

  /** A barrier row: closing a person's connections. */
  private async sendEndConnections(row: OutboxRow, result: DrainResult): Promise<Failure> {
    try {
      await this.endConnections(row.payload as EndConnectionsPayload);
    } catch (error) {
      return { error };
    }
    result.sent.push(row.id);
    this.lastSent.set(row.channel, row.seq);
    return null;
  }

  /**
   * Counts each refusal on its event and holds the event (and so its
   * channel) back for a pause that doubles with each refusal; at
   * `maxAttempts` sets it aside as a dead letter.
   */
  private async recordRefusals(refused: DrainResult["refused"]): Promise<void> {
    for (const { row, error } of refused) {
      const attempts = row.attempts + 1;
      const reason = describeRefusal(error);
      const what = `event ${row.seq} of ${row.channel} (${row.type})`;
      if (attempts >= this.maxAttempts) {
        if (await setAside(this.db, row, reason, attempts)) {
          this.log.error(`[outbox] ${what} set aside as a dead letter after ${attempts} refusals: ${reason}`);
        }
        continue;
      }
      const pauseMs = Math.min(this.retryBaseMs * 2 ** (attempts - 1), MAX_RETRY_PAUSE_MS);
      await this.db.$executeRaw`
        UPDATE "OutboxEvent" SET "attempts" = ${attempts}, "lastError" = ${reason},
          "nextAttemptAt" = now() AT TIME ZONE 'UTC' + ${pauseMs} * interval '1 millisecond'
        WHERE id = ${row.id} AND "publishedAt" IS NULL`;
      this.log.warn(`[outbox] ${what} refused (${attempts} of ${this.maxAttempts}), next try in ${pauseMs} ms: ${reason}`);
    }
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
    // Another instance may have sent since: what this one sent tells nothing.
    if (!this.holdsLease) this.lastSent.clear();
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

/** A handed-over event in the shape of a row read from the outbox. */
function fromAppended(event: AppendedEvent): OutboxRow {
  return {
    id: BigInt(event.eventId),
    seq: BigInt(event.seq),
    channel: event.channel,
    type: event.type,
    payload: event.payload,
    createdAt: event.createdAt,
    attempts: 0,
  };
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

/**
 * A lane's rows in requests, in order: at most `maxBatch` events and about
 * BATCH_BYTES of payload each (an event is at most MAX_EVENT_BYTES).
 */
function batches(rows: OutboxRow[], maxBatch: number): OutboxRow[][] {
  const out: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = JSON.stringify(row.payload).length + 200; // the envelope around it
    if (current.length > 0 && (current.length >= maxBatch || bytes + size > BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Marks sent events published (ids as text: Prisma passes no bigint arrays). */
function markPublished(ids: string[]): Prisma.Sql {
  return Prisma.sql`UPDATE "OutboxEvent" SET "publishedAt" = now() AT TIME ZONE 'UTC'
    WHERE id = ANY(${ids}::bigint[]) AND "publishedAt" IS NULL`;
}

/** The rows whose channel no refused event holds back (in this drain). */
function unheld(rows: OutboxRow[], result: DrainResult): OutboxRow[] {
  return result.held.size === 0 ? rows : rows.filter((row) => !result.held.has(row.channel));
}

/**
 * An error the server answered with status 200. Soketi 1.6 does so for every
 * error of its HTTP API (`{"error": "...", "code": 413}`: it writes the status
 * after its CORS headers, which uWebSockets ignores); read like a status, the
 * same rules then hold for every Pusher-protocol server. Pusher answers `{}`.
 */
function errorInBody(body: string): { status: number; body: string } | null {
  if (!body.includes('"error"')) return null;
  try {
    const parsed = JSON.parse(body) as { code?: unknown };
    return typeof parsed.code === "number" && parsed.code >= 400 ? { status: parsed.code, body } : null;
  } catch {
    return null;
  }
}

function isRefusal(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && REFUSAL_STATUSES.has(status);
}

/** The server's answer to a refused event, as a person reads it ("HTTP 413: The event data should be less than 100 KB."). */
function describeRefusal(error: unknown): string {
  const { status, body } = error as { status?: number; body?: unknown };
  let message = typeof body === "string" ? body : "";
  try {
    const parsed = JSON.parse(message) as { error?: unknown };
    if (typeof parsed.error === "string") message = parsed.error;
  } catch {
    // Not JSON: the body as it is.
  }
  return `HTTP ${status}${message ? `: ${message.slice(0, 300)}` : ""}`;
}

// "HTTP 413", "connect ECONNREFUSED 127.0.0.1:6001", or the error's message.
const describe = describePusherError;
