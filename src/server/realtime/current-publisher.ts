// The process's one publisher, as the code that commits events finds it:
// kept on globalThis because Next bundles the instrumentation hook and route
// handlers separately (a module-level variable would give each bundle its
// own copy). Types only from the publisher, so that the outbox's writers
// can wake it without importing it (publisher-instance.ts starts it).
import "server-only";
import type { AppendedEvent } from "./outbox";
import { wakeOtherProcesses } from "./outbox-wakeup";
import type { OutboxPublisher } from "./publisher";

const store = globalThis as unknown as { __appPublisher?: OutboxPublisher };

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
