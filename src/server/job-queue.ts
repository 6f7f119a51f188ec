// The job queue: pg-boss in the app's PostgreSQL, in a schema of its own
// ("pgboss"), so there is no extra infrastructure. Each domain declares its
// own queues beside the work they do (defineQueue: the import's in
// imports/import-job.ts, snooze wake-ups in notifications/snooze.ts,
// announcements' pushes in broadcasts/announcement-push.ts, the cleanup in
// jobs/cleanup.ts). Web servers only send; worker processes (jobs/worker.ts)
// run the jobs.
import "server-only";
import { fromPrisma, PgBoss, type SendOptions } from "pg-boss";
import type { Tx } from "./db";
import { env } from "./env";

export const QUEUE_SCHEMA = "pgboss";

type QueueOptions = Parameters<PgBoss["createQueue"]>[1];

/** A queue as a domain declares it; `T` is the data of its jobs. */
export type JobQueue<T extends object> = { readonly name: string; readonly options: QueueOptions; readonly __data?: T };

export function defineQueue<T extends object>(name: string, options: QueueOptions): JobQueue<T> {
  return { name, options };
}

export function createBoss(options: { connectionString?: string; poolSize?: number; worker: boolean }): PgBoss {
  const poolSize = options.poolSize ?? env().DATABASE_POOL_SIZE;
  const boss = new PgBoss({
    connectionString: options.connectionString ?? env().DATABASE_URL,
    schema: QUEUE_SCHEMA,
    application_name: options.worker ? "live-notify-worker" : "live-notify-web",
    // Its own pool beside the app's: a few connections are enough for polling and job state.
    max: Math.min(poolSize, 4),
    // Only workers supervise (expire, retry dead workers' jobs); short
    // intervals so that a dead worker's job moves on within seconds. Only
    // workers send scheduled jobs too (the cleanup): pg-boss lets one of
    // them send each occurrence, however many there are.
    supervise: options.worker,
    schedule: options.worker,
    superviseIntervalSeconds: 2,
    monitorIntervalSeconds: 2,
  });
  // pg-boss reports background errors as events; without a listener Node
  // would treat them as unhandled.
  boss.on("error", (error) => console.error(`[queue] ${error.message}`));
  return boss;
}

/** Creates the queue unless it exists (the sender and every worker ask before their first use). */
export async function ensureQueue(boss: PgBoss, queue: JobQueue<object>): Promise<void> {
  if (await boss.getQueue(queue.name)) return;
  try {
    await boss.createQueue(queue.name, queue.options);
  } catch (error) {
    // Another process created it at the same moment.
    if (!(await boss.getQueue(queue.name))) throw error;
  }
}

const store = globalThis as unknown as { __sender?: Promise<PgBoss>; __senderQueues?: Map<string, Promise<void>> };

/** This process's sending side of the queue, started on first use. */
function sender(): Promise<PgBoss> {
  store.__sender ??= (async () => {
    const boss = createBoss({ worker: false });
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    store.__sender = undefined;
    throw error;
  });
  return store.__sender;
}

/** The sending side, with `queue` created (once per process). */
async function senderFor(queue: JobQueue<object>): Promise<PgBoss> {
  const boss = await sender();
  const queues = (store.__senderQueues ??= new Map());
  let ready = queues.get(queue.name);
  if (!ready) {
    ready = ensureQueue(boss, queue).catch((error: unknown) => {
      queues.delete(queue.name);
      throw error;
    });
    queues.set(queue.name, ready);
  }
  await ready;
  return boss;
}

/**
 * Sends a job. With `tx`, pg-boss writes its row through the caller's
 * transaction, so the job exists exactly when the change committed; call
 * prepareQueue first, so that this does not start the sender (or create the
 * queue) while the transaction holds its locks.
 */
export async function sendJob<T extends object>(
  queue: JobQueue<T>,
  data: T,
  options: SendOptions & { tx?: Tx; boss?: PgBoss } = {},
): Promise<void> {
  const { tx, boss: given, ...sendOptions } = options;
  const boss = given ?? (await senderFor(queue));
  await boss.send(queue.name, data, { ...sendOptions, ...(tx ? { db: fromPrisma(tx) } : {}) });
}

/** Starts this process's sending side and creates `queue` now (before a transaction that sends to it). */
export async function prepareQueue(queue: JobQueue<object>): Promise<void> {
  await senderFor(queue);
}

/** The queue's jobs sent with `key` (their singletonKey), in any state. */
export async function findJobs(queue: JobQueue<object>, key: string) {
  const boss = await senderFor(queue);
  return boss.findJobs(queue.name, { key });
}

/** Stops the sending side (tests, shutdown). */
export async function stopSender(): Promise<void> {
  const pending = store.__sender;
  store.__sender = undefined;
  store.__senderQueues = undefined;
  if (pending) await (await pending).stop({ graceful: false, close: true }).catch(() => undefined);
}
