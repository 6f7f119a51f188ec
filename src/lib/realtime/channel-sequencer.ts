// Applies one channel's events exactly once and in id order, whatever the
// transport does: Pusher (and Soketi) may drop, repeat or, across a
// reconnect, miss events, while the server numbers each channel's events
// 1, 2, 3… (src/lib/events.ts). Framework-free so it can be unit-tested.
import { CHANNEL_RESET, parseEnvelope, type EventEnvelope } from "@/lib/events";
import { pushedObject, serverEventFrom } from "./accept-event";

export type EventSource = "live" | "catch-up";

export type CatchUpAnswer = {
  /** Events after the requested id, oldest first (the envelopes as JSON). */
  events: readonly unknown[];
  /** True when the server cannot fill the gap: the state must be reloaded. */
  reset: boolean;
};

export type ChannelSequencerOptions = {
  channel: string;
  /** The newest event id the loaded state already includes. */
  baselineId: number;
  /** Applies one event to the state; called in id order, once per id. */
  apply: (event: EventEnvelope, source: EventSource) => void;
  /** Fetches the channel's events after `afterId` (tRPC `realtime.catchUp`). */
  catchUp: (afterId: number) => Promise<CatchUpAnswer>;
  /** Reloads the state from queries; resolves to the new state's baseline id. */
  reload: () => Promise<number>;
  onError?: (error: unknown) => void;
  /** Pause before retrying a failed catch-up or reload. */
  retryDelayMs?: (attempt: number) => number;
  /** Out-of-order events kept while waiting for a gap to fill. */
  maxBuffered?: number;
};

type WireEvent = { id: number; channel: string; raw: unknown };

const defaultRetryDelay = (attempt: number) => Math.min(1_000 * 2 ** attempt, 30_000);

export class ChannelSequencer {
  private lastApplied: number;
  /** Events that arrived ahead of a gap, by id. */
  private readonly buffer = new Map<number, { event: WireEvent; source: EventSource }>();
  private mode: "idle" | "syncing" | "reloading" = "idle";
  /** Another catch-up must follow the one in flight (it may have asked too early). */
  private syncAgain = false;
  /** Bumped by a reload and by dispose: async work of an older epoch stops. */
  private epoch = 0;
  private disposed = false;
  /** Pending retry pauses, ended early by dispose. */
  private readonly pauses = new Set<() => void>();
  private readonly options: Required<Omit<ChannelSequencerOptions, "onError">> &
    Pick<ChannelSequencerOptions, "onError">;

  constructor(options: ChannelSequencerOptions) {
    this.options = { retryDelayMs: defaultRetryDelay, maxBuffered: 500, ...options };
    this.lastApplied = options.baselineId;
  }

  get lastAppliedId(): number {
    return this.lastApplied;
  }

  /**
   * A pushed event, as pusher-js delivered it (name and data). Only what the
   * server published counts (accept-event.ts): a subscriber's forged
   * `client-*` copy of the next envelope would otherwise be applied, and
   * the real event then dropped as its duplicate.
   */
  receive(eventName: string, data: unknown): void {
    if (this.disposed) return;
    const raw = serverEventFrom(this.options.channel, eventName, data);
    if (!raw) return;
    const event = toWireEvent(raw);
    if (!event || event.channel !== this.options.channel) return;
    this.accept(event, "live");
    this.fillGap();
  }

  /**
   * Fetches what was missed since the last applied event. Call it whenever
   * the subscription (re)starts: nothing is delivered while disconnected.
   */
  resync(): void {
    this.requestSync(true);
  }

  /**
   * The state was replaced by a snapshot that includes only events up to
   * `baselineId`: events after it are fetched and applied again (appliers
   * are idempotent). A newer snapshot needs nothing: its appliers skip what
   * it already includes.
   */
  rewindTo(baselineId: number): void {
    if (this.disposed || this.mode === "reloading" || baselineId >= this.lastApplied) return;
    this.lastApplied = baselineId;
    this.requestSync(true);
  }

  /** Stops applying anything (the subscriber unmounted). */
  dispose(): void {
    this.disposed = true;
    this.epoch++;
    this.buffer.clear();
    for (const end of this.pauses) end();
  }

  /** Applies `event` if it is the next one, drops it if old, else buffers it. */
  private accept(event: WireEvent, source: EventSource): void {
    if (event.id <= this.lastApplied) return; // a duplicate: already applied
    if (this.mode === "reloading" || event.id !== this.lastApplied + 1) {
      this.buffer.set(event.id, { event, source });
      if (this.buffer.size > this.options.maxBuffered) this.buffer.delete(Math.max(...this.buffer.keys()));
      return;
    }
    this.applyOne(event, source);
    this.drainBuffer();
  }

  private applyOne(event: WireEvent, source: EventSource): void {
    this.lastApplied = event.id;
    const envelope = parseEnvelope(event.raw);
    if (envelope?.type === CHANNEL_RESET) {
      // The server could not deliver an event before this one (a dead
      // letter): what the state missed is only in the database.
      void this.reloadState(event.id);
      return;
    }
    if (envelope) {
      this.options.apply(envelope, source);
      return;
    }
    // An event this client cannot read (a newer server, a bug): skipping it
    // would leave the state silently wrong, waiting would stall the channel.
    this.options.onError?.(new Error(`Unreadable event ${event.id} on ${this.options.channel}`));
    void this.reloadState();
  }

  private drainBuffer(): void {
    while (this.mode !== "reloading" && !this.disposed) {
      for (const id of this.buffer.keys()) if (id <= this.lastApplied) this.buffer.delete(id);
      const next = this.buffer.get(this.lastApplied + 1);
      if (!next) return;
      this.buffer.delete(next.event.id);
      this.applyOne(next.event, next.source);
    }
  }

  /** Anything left in the buffer sits behind a missing id: fetch it. */
  private fillGap(): void {
    if (this.buffer.size > 0) this.requestSync(false);
  }

  /**
   * Starts a catch-up, or marks one to follow the one in flight. `always`:
   * run even with no known gap, since a reconnect loses events silently.
   */
  private requestSync(always: boolean): void {
    if (this.disposed) return;
    if (this.mode !== "idle") {
      if (always) this.syncAgain = true;
      return;
    }
    if (!always && this.buffer.size === 0) return;
    this.mode = "syncing";
    void this.runSync(this.epoch);
  }

  private async runSync(epoch: number): Promise<void> {
    const stale = () => epoch !== this.epoch;
    let attempt = 0;
    for (;;) {
      this.syncAgain = false;
      const from = this.lastApplied;
      let answer: CatchUpAnswer;
      try {
        answer = await this.options.catchUp(from);
      } catch (error) {
        if (stale()) return;
        this.options.onError?.(error);
        await this.pause(attempt++);
        if (stale()) return;
        continue;
      }
      if (stale()) return;
      if (answer.reset) {
        void this.reloadState();
        return;
      }
      for (const raw of answer.events) {
        const event = toWireEvent(raw);
        if (event && event.channel === this.options.channel) this.accept(event, "catch-up");
        if (stale()) return; // an unreadable event started a reload
      }
      if (!this.syncAgain && this.buffer.size === 0) {
        this.mode = "idle";
        return;
      }
      if (!this.syncAgain && this.lastApplied === from) {
        // The gap stays though the server answered: do not spin on it.
        await this.pause(attempt++);
        if (stale()) return;
      } else {
        attempt = 0;
      }
    }
  }

  /**
   * Asks the owner to reload its state, then continues from its baseline
   * (never below `floorId`: a reset's own id, which the reload was asked
   * after, so that the reset is not fetched and obeyed again).
   */
  private async reloadState(floorId = 0): Promise<void> {
    if (this.mode === "reloading" || this.disposed) return;
    const epoch = ++this.epoch; // any catch-up in flight answers for the old state
    this.mode = "reloading";
    this.syncAgain = false;
    let attempt = 0;
    let baseline: number | null = null;
    while (baseline === null) {
      try {
        baseline = await this.options.reload();
      } catch (error) {
        if (epoch !== this.epoch) return;
        this.options.onError?.(error);
        await this.pause(attempt++);
      }
      if (epoch !== this.epoch) return;
    }
    this.mode = "idle";
    this.lastApplied = Math.max(baseline, floorId);
    // Events pushed while reloading were buffered: apply those after the new
    // baseline and fetch any still missing. A reconnect during the reload may
    // have lost events the snapshot was too early to include: catch up then.
    const reconnected = this.syncAgain;
    this.drainBuffer();
    if (reconnected) this.requestSync(true);
    else this.fillGap();
  }

  private pause(attempt: number): Promise<void> {
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.pauses.delete(end);
        resolve();
      };
      const timer = setTimeout(end, this.options.retryDelayMs(attempt));
      this.pauses.add(end);
    });
  }
}

/** The id and channel of an envelope, enough to order it before validating it. */
function toWireEvent(input: unknown): WireEvent | null {
  const raw = pushedObject(input);
  if (!raw) return null;
  const { id, channel } = raw as { id?: unknown; channel?: unknown };
  if (typeof id !== "number" || !Number.isInteger(id) || id < 1 || typeof channel !== "string") return null;
  return { id, channel, raw };
}
