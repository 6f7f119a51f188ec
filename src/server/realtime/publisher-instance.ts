// The process's one publisher. Kept on globalThis because Next bundles the
// instrumentation hook and route handlers separately: a module-level variable
// would give each bundle its own copy.
import { db } from "../db";
import { env } from "../env";
import type { AppendedEvent } from "./outbox";
import { listenForWakeups, wakeOtherProcesses } from "./outbox-wakeup";
import { OutboxPublisher } from "./publisher";
import { pusher } from "./pusher";

const store = globalThis as unknown as { __appPublisher?: OutboxPublisher };

export function startPublisher(): OutboxPublisher {
  if (!store.__appPublisher) {
    const settings = env();
    store.__appPublisher = new OutboxPublisher({
      db,
      pusher: pusher(),
      pollMs: settings.OUTBOX_POLL_MS,
      maxAttempts: settings.OUTBOX_MAX_ATTEMPTS,
      maxBatch: settings.PUSHER_MAX_BATCH,
      retryBaseMs: settings.OUTBOX_RETRY_BASE_MS,
      retentionMs: settings.EVENT_RETENTION_HOURS * 60 * 60 * 1000,
    });
    store.__appPublisher.start();
    const publisher = store.__appPublisher;
    listenForWakeups(settings.DATABASE_URL, () => publisher.kick(), console);
  }
  return store.__appPublisher;
}

export function currentPublisher(): OutboxPublisher | undefined {
  return store.__appPublisher;
}

/**
 * Wakes the publisher after a commit: this process's own when it holds the
 * lease, else the one that does, wherever it runs (its poll is the fallback).
 * `committed`: the events the commit wrote, which the local publisher can
 * send without reading them back.
 */
export function kickPublisher(committed?: AppendedEvent[]): void {
  const local = store.__appPublisher;
  local?.kick(committed);
  if (!local?.leader) wakeOtherProcesses();
}

/** Lets tests and scripts run a publisher of their own as the process's one. */
export function setPublisher(publisher: OutboxPublisher | undefined): void {
  store.__appPublisher = publisher;
}
