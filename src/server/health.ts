// The state of what the app depends on, for /api/health and the start script.
// "down": the database does not answer, nothing works (503). "degraded": the
// app serves pages and saves changes, but something around it is missing
// (the realtime server, every worker); `reasons` says what, for a person.
import "server-only";
import type Pusher from "pusher";
import { db as appDb, type Db } from "./db";
import { countUnresolved } from "./realtime/dead-letter";
import { currentPublisher } from "./realtime/current-publisher";
import { describePusherError, pusher as appPusher } from "./realtime/pusher";
import { workersAlive, type WorkersAlive } from "./jobs/worker-heartbeat";

const TIMEOUT_MS = 2_000;

type HealthStatus = "ok" | "degraded" | "down";

async function probe(check: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS)),
    ]);
    return { ok: true as const, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false as const, error: oneLine(error instanceof Error ? error.message : String(error)) };
  }
}

/**
 * The line of an error that says what happened: Prisma's raw-query errors
 * span several lines and end with "Message: `Can't reach database server at ...`".
 */
function oneLine(message: string): string {
  const last = message.trim().split("\n").filter((line) => line.trim() !== "").at(-1)?.trim() ?? message;
  return /Message: `(.*)`$/.exec(last)?.[1] ?? last;
}

function workerReason(worker: WorkersAlive): string | null {
  if (worker.running > 0) return null;
  const waiting = "imports, snoozed notifications and announcement pushes wait";
  return worker.lastSeenSecondsAgo === null
    ? `No worker is running: ${waiting} until one starts (npm run worker).`
    : `No worker has reported for ${worker.lastSeenSecondsAgo} s: ${waiting} until one runs again.`;
}

export async function checkHealth(deps: { db?: Db; pusher?: Pusher } = {}) {
  const db = deps.db ?? appDb;
  const pusher = deps.pusher ?? appPusher();
  const [database, realtime] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`),
    // A signed call of the standard Pusher HTTP API: works on any compatible server.
    probe(async () => {
      const res = await pusher.get({ path: "/channels" }).catch((error: unknown) => {
        throw new Error(describePusherError(error));
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    }),
  ]);
  const [pending, workers, deadLetters] = database.ok
    ? await Promise.all([
        db.outboxEvent.count({ where: { publishedAt: null } }).catch(() => null),
        workersAlive(db).catch(() => null),
        countUnresolved(db).catch(() => null),
      ])
    : [null, null, null];
  const publisher = currentPublisher();

  const reasons: string[] = [];
  if (!database.ok) reasons.push(`The database is unreachable (${database.error}): nothing can be loaded or saved.`);
  if (!realtime.ok) {
    reasons.push(
      `The realtime server is unreachable (${realtime.error}): open pages show "Reconnecting…", and changes wait in the outbox until it is back.`,
    );
  }
  const workerProblem = workers && workerReason(workers);
  if (workerProblem) reasons.push(workerProblem);
  // Some readers missed an event no admin has dealt with yet
  // (realtime/dead-letter.ts).
  if (deadLetters) {
    reasons.push(`${deadLetters} event${deadLetters === 1 ? "" : "s"} the realtime server refused wait for an admin (Admin → Dead letters).`);
  }

  const status: HealthStatus = !database.ok ? "down" : reasons.length > 0 ? "degraded" : "ok";
  return {
    status,
    reasons,
    database,
    realtime,
    // Unknown (null) while the database does not answer.
    worker: { ok: workers !== null && workers.running > 0, ...(workers ?? { running: null, lastSeenSecondsAgo: null }) },
    outbox: { pending, deadLetters, failingSince: publisher?.failing?.toISOString() ?? null },
  };
}
