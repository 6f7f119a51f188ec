// The state of what the app depends on, for /api/health and the start script.
import type Pusher from "pusher";
import { db as appDb, type Db } from "./db";
import { countUnresolved } from "./realtime/dead-letter";
import { currentPublisher } from "./realtime/publisher-instance";
import { pusher as appPusher } from "./realtime/pusher";

const TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS)),
    ]);
    return { ok: true as const, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function checkHealth(deps: { db?: Db; pusher?: Pusher } = {}) {
  const db = deps.db ?? appDb;
  const pusher = deps.pusher ?? appPusher();
  const [database, realtime] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`),
    // A signed call of the standard Pusher HTTP API: works on any compatible server.
    probe(async () => {
      const res = await pusher.get({ path: "/channels" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    }),
  ]);
  const publisher = currentPublisher();
  const [pending, deadLetters] = database.ok
    ? await Promise.all([
        db.outboxEvent.count({ where: { publishedAt: null } }).catch(() => null),
        countUnresolved(db).catch(() => null),
      ])
    : [null, null];
  // Degraded: serving, but some readers missed an event no admin has dealt
  // with yet (README, "Refused events and dead letters").
  const status = !database.ok || !realtime.ok ? "down" : deadLetters ? "degraded" : "ok";
  return {
    status: status as "ok" | "degraded" | "down",
    database,
    realtime,
    outbox: { pending, deadLetters, failingSince: publisher?.failing?.toISOString() ?? null },
  };
}
