import { db } from "@/server/db";
import { OutboxPublisher } from "@/server/realtime/publisher";
import { setPublisher } from "@/server/realtime/current-publisher";
import { createPusher, type AppPusher } from "@/server/realtime/pusher";
import { env } from "@/server/env";

/** Runs this process's publisher against the run's Soketi (or the given one). */
export function startTestPublisher(
  options: { pusher?: AppPusher; maxBackoffMs?: number; maxAttempts?: number; retryBaseMs?: number } = {},
) {
  const publisher = new OutboxPublisher({
    db,
    pusher: options.pusher ?? createPusher(env()),
    pollMs: 50,
    maxBackoffMs: options.maxBackoffMs ?? 500,
    maxAttempts: options.maxAttempts,
    retryBaseMs: options.retryBaseMs ?? 50,
    log: { info() {}, warn() {}, error: console.error },
  });
  publisher.start();
  setPublisher(publisher);
  return {
    publisher,
    async stop() {
      setPublisher(undefined);
      await publisher.stop();
    },
  };
}
