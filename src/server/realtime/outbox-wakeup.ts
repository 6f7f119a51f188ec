// Waking the publisher from another process. A commit in the process that
// publishes wakes its publisher directly (kickPublisher); a commit elsewhere
// (the worker, a scale-out node that does not hold the lease) sends a
// NOTIFY, and the publisher LISTENs for it, so such events wait neither for
// the next poll.
import "server-only";
import pg from "pg";
import { dbPool } from "../db";

const CHANNEL = "outbox_wakeup";
/** Commits within this many milliseconds share one NOTIFY. */
const COALESCE_MS = 2;

let pending: NodeJS.Timeout | null = null;

/** Tells a publisher in another process that events are waiting (best effort: its poll is the fallback). */
export function wakeOtherProcesses(): void {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    dbPool()
      .query(`NOTIFY ${CHANNEL}`)
      .catch(() => undefined);
  }, COALESCE_MS);
  pending.unref();
}

/**
 * Calls `onWake` for every wake-up sent by another process, over a
 * connection of its own (LISTEN holds it), reconnecting after a failure.
 */
export function listenForWakeups(connectionString: string, onWake: () => void, log: Pick<Console, "warn">) {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString });
    next.on("notification", () => onWake());
    next.on("error", (error) => {
      log.warn(`[outbox] wake-up listener lost its connection, reconnecting: ${error.message}`);
      void next.end().catch(() => undefined);
      schedule();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
      client = next;
      // Something may have committed while no one listened.
      onWake();
    } catch (error) {
      void next.end().catch(() => undefined);
      log.warn(`[outbox] cannot listen for wake-ups, polling meanwhile: ${String(error)}`);
      schedule();
    }
  };
  const schedule = () => {
    client = null;
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1_000);
    retry.unref();
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
