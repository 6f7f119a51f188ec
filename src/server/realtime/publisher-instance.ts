// Starts the process's one publisher (current-publisher.ts keeps it).
import "server-only";
import { db } from "../db";
import { env } from "../env";
import { currentPublisher, setPublisher } from "./current-publisher";
import { listenForWakeups } from "./outbox-wakeup";
import { OutboxPublisher } from "./publisher";
import { pusher } from "./pusher";

export function startPublisher(): OutboxPublisher {
  const running = currentPublisher();
  if (running) return running;
  const settings = env();
  const publisher = new OutboxPublisher({
    db,
    pusher: pusher(),
    pollMs: settings.OUTBOX_POLL_MS,
    maxAttempts: settings.OUTBOX_MAX_ATTEMPTS,
    maxBatch: settings.PUSHER_MAX_BATCH,
    retryBaseMs: settings.OUTBOX_RETRY_BASE_MS,
    retentionMs: settings.EVENT_RETENTION_HOURS * 60 * 60 * 1000,
  });
  setPublisher(publisher);
  publisher.start();
  listenForWakeups(settings.DATABASE_URL, () => publisher.kick(), console);
  return publisher;
}
