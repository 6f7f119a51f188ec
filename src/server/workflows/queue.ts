// The job queue: pg-boss in the app's PostgreSQL, in a schema of its own
// ("pgboss"), so there is no extra infrastructure. Web servers only send;
// worker processes (worker-main.ts) run the jobs.
import "server-only";
import { createHash } from "node:crypto";
import { fromPrisma, PgBoss } from "pg-boss";
import type { Tx } from "../db";
import { env } from "../env";

export const IMPORT_QUEUE = "data-import";
export const QUEUE_SCHEMA = "pgboss";

export type ImportJob = { processId: string };

/** Brings a snoozed notification back at its time (src/server/notifications/snooze.ts). */
export const SNOOZE_QUEUE = "notification-snooze";
export type SnoozeJob = { id: string; until: string };
const snoozeQueueOptions = { expireInSeconds: 60, retryLimit: 5, retryDelay: 2 };

/**
 * Pushes an announcement to the devices of the people it reaches
 * (src/server/broadcasts/announcement-push.ts), one batch of people per job:
 * `afterUserId` is where the batch starts (null: the first).
 */
export const ANNOUNCEMENT_PUSH_QUEUE = "announcement-push";
export type AnnouncementPushJob = { broadcastId: string; afterUserId: string | null };
// A batch is at most 500 people whose pushes time out after 10 s each, 20 at once.
const announcementPushQueueOptions = { expireInSeconds: 10 * 60, retryLimit: 3, retryDelay: 5 };

/**
 * Deletes what would otherwise grow without end (src/server/workflows/cleanup.ts):
 * expired unfinished uploads, expired rate-limit counters. Workers schedule it
 * every CLEANUP_INTERVAL_MINUTES. One run at a time (`exclusive`: while one is
 * queued or running, another is not queued); a failed run is tried again
 * shortly, and the next occurrence comes anyway.
 */
export const CLEANUP_QUEUE = "cleanup";
const cleanupQueueOptions = { policy: "exclusive", expireInSeconds: 30 * 60, retryLimit: 2, retryDelay: 60 };

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

export async function ensureQueues(boss: PgBoss): Promise<void> {
  await ensureQueue(boss, IMPORT_QUEUE, importQueueOptions);
  await ensureQueue(boss, SNOOZE_QUEUE, snoozeQueueOptions);
  await ensureQueue(boss, ANNOUNCEMENT_PUSH_QUEUE, announcementPushQueueOptions);
  await ensureQueue(boss, CLEANUP_QUEUE, cleanupQueueOptions);
}

type QueueOptions = Parameters<PgBoss["createQueue"]>[1];

async function ensureQueue(boss: PgBoss, name: string, options: QueueOptions) {
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

/**
 * Whether the queue still holds a job that will run (or is running) this
 * import: waiting, waiting to be retried, or active. A run whose job ended
 * without ending it (a worker that failed on its last attempt) has none.
 */
export async function importJobPending(processId: string): Promise<boolean> {
  const boss = await sender();
  const jobs = await boss.findJobs(IMPORT_QUEUE, { key: processId });
  return jobs.some((job) => job.state === "created" || job.state === "retry" || job.state === "active");
}

/** A job that wakes the snoozed notification at `until` (the worker re-checks; a stale job does nothing). */
export async function enqueueSnoozeWake(job: SnoozeJob): Promise<void> {
  const boss = await sender();
  await boss.send(SNOOZE_QUEUE, job, { startAfter: new Date(job.until) });
}

/**
 * Starts this process's sending side now, so that a send inside a
 * transaction (enqueueAnnouncementPush) does not start it while holding locks.
 */
export async function startSender(): Promise<void> {
  await sender();
}

/**
 * Queues the first batch of an announcement's pushes in the caller's
 * transaction (pg-boss writes its job row through the transaction), so the
 * job exists exactly when the announcement committed.
 */
export async function enqueueAnnouncementPush(tx: Tx, broadcastId: string): Promise<void> {
  await sendAnnouncementPush(await sender(), { broadcastId, afterUserId: null }, { db: fromPrisma(tx) });
}

/**
 * Sends one batch's job. Its id is derived from the broadcast and the batch
 * start, and pg-boss skips a job whose id exists: a batch retried after it
 * queued the next one queues nothing twice.
 */
export async function sendAnnouncementPush(
  boss: PgBoss,
  job: AnnouncementPushJob,
  options: { db?: ReturnType<typeof fromPrisma> } = {},
): Promise<void> {
  await boss.send(ANNOUNCEMENT_PUSH_QUEUE, job, {
    id: announcementPushJobId(job),
    singletonKey: job.broadcastId,
    ...options,
  });
}

/** A UUID (the job id's type) from the broadcast id and where the batch starts. */
export function announcementPushJobId(job: AnnouncementPushJob): string {
  const hex = createHash("sha256").update(`${job.broadcastId}\n${job.afterUserId ?? ""}`).digest("hex");
  // Version 8 (custom) and the RFC 4122 variant bits, so it is a well-formed UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Stops the sending side (tests, shutdown). */
export async function stopSender(): Promise<void> {
  const pending = store.__sender;
  store.__sender = undefined;
  if (pending) await (await pending).stop({ graceful: false, close: true }).catch(() => undefined);
}
