// The job queue: pg-boss in the app's PostgreSQL, in a schema of its own
// ("pgboss"), so there is no extra infrastructure. Web servers only send;
// worker processes (worker-main.ts) run the jobs.
import { PgBoss } from "pg-boss";
import { env } from "../env";

export const IMPORT_QUEUE = "data-import";
export const QUEUE_SCHEMA = "pgboss";

export type ImportJob = { processId: string };

/** Brings a snoozed notification back at its time (src/server/notifications/snooze.ts). */
export const SNOOZE_QUEUE = "notification-snooze";
export type SnoozeJob = { id: string; until: string };
const snoozeQueueOptions = { expireInSeconds: 60, retryLimit: 5, retryDelay: 2 };

// A worker that dies mid-job stops sending heartbeats; the supervisor then
// hands the job to another worker within about heartbeatSeconds plus a
// supervise interval. The import starts over on retry (it is idempotent).
export const importQueueOptions = {
  heartbeatSeconds: 10,
  expireInSeconds: 60 * 60,
  retryLimit: 3,
  retryDelay: 1,
};

export function createBoss(options: { connectionString?: string; poolSize?: number; worker: boolean }): PgBoss {
  const poolSize = options.poolSize ?? env().DATABASE_POOL_SIZE;
  const boss = new PgBoss({
    connectionString: options.connectionString ?? env().DATABASE_URL,
    schema: QUEUE_SCHEMA,
    application_name: options.worker ? "live-notify-worker" : "live-notify-web",
    // One connection on the embedded server (see DATABASE_POOL_SIZE); a few otherwise.
    max: poolSize === 1 ? 1 : Math.min(poolSize, 4),
    // Only workers supervise (expire, retry dead workers' jobs); short
    // intervals so that a dead worker's job moves on within seconds.
    supervise: options.worker,
    schedule: false,
    superviseIntervalSeconds: 2,
    monitorIntervalSeconds: 2,
  });
  // pg-boss reports background errors as events; without a listener Node
  // would treat them as unhandled.
  boss.on("error", (error) => console.error(`[queue] ${error.message}`));
  return boss;
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  await ensureQueue(boss, IMPORT_QUEUE, importQueueOptions);
  await ensureQueue(boss, SNOOZE_QUEUE, snoozeQueueOptions);
}

async function ensureQueue(boss: PgBoss, name: string, options: typeof importQueueOptions | typeof snoozeQueueOptions) {
  if (await boss.getQueue(name)) return;
  try {
    await boss.createQueue(name, options);
  } catch (error) {
    // Another process created it at the same moment.
    if (!(await boss.getQueue(name))) throw error;
  }
}

const store = globalThis as unknown as { __sender?: Promise<PgBoss> };

/** This process's sending side of the queue, started on first use. */
function sender(): Promise<PgBoss> {
  store.__sender ??= (async () => {
    const boss = createBoss({ worker: false });
    await boss.start();
    await ensureQueues(boss);
    return boss;
  })().catch((error: unknown) => {
    store.__sender = undefined;
    throw error;
  });
  return store.__sender;
}

export async function enqueueImport(job: ImportJob): Promise<void> {
  const boss = await sender();
  await boss.send(IMPORT_QUEUE, job, { singletonKey: job.processId });
}

/** A job that wakes the snoozed notification at `until` (the worker re-checks; a stale job does nothing). */
export async function enqueueSnoozeWake(job: SnoozeJob): Promise<void> {
  const boss = await sender();
  await boss.send(SNOOZE_QUEUE, job, { startAfter: new Date(job.until) });
}

/** Stops the sending side (tests, shutdown). */
export async function stopSender(): Promise<void> {
  const pending = store.__sender;
  store.__sender = undefined;
  if (pending) await (await pending).stop({ graceful: false, close: true }).catch(() => undefined);
}
