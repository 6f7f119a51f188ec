// A worker: takes jobs from the queue and runs them (imports, snooze
// wake-ups, announcements' pushes, the cleanup). Runs in its own
// process (worker-main.ts), so workers scale apart from the web servers;
// tests run one in-process.
import "server-only";
import type { Job } from "pg-boss";
import { startAnnouncementPushes } from "../broadcasts/announcement-push";
import type { Db } from "../db";
import { startSnoozeWakes } from "../notifications/snooze-wakes";
import type { UploadStorage } from "../uploads/storage";
import { startCleanup } from "./cleanup";
import { runImport } from "./import-workflow";
import { createBoss, ensureQueues, IMPORT_QUEUE, type ImportJob } from "./queue";
import { startWorkerHeartbeat } from "./worker-heartbeat";

export type Worker = { stop(): Promise<void> };

export async function startWorker(options: {
  db: Db;
  storage: UploadStorage;
  concurrency: number;
  connectionString?: string;
  poolSize?: number;
  log?: (message: string) => void;
}): Promise<Worker> {
  const log = options.log ?? ((m: string) => console.log(`[worker] ${m}`));
  const boss = createBoss({ worker: true, connectionString: options.connectionString, poolSize: options.poolSize });
  await boss.start();
  await ensureQueues(boss);
  await boss.work<ImportJob>(
    IMPORT_QUEUE,
    {
      // Imports are long: a batch is handed out together and the next fetch
      // waits for its slowest job, so one job per fetch, fetched by
      // `concurrency` independent pollers (a second import never waits
      // behind a long first one).
      batchSize: 1,
      localConcurrency: options.concurrency,
      pollingIntervalSeconds: 0.5,
      includeMetadata: true,
    },
    async (jobs: Job<ImportJob>[]) => {
      await Promise.all(
        jobs.map(async (job) => {
          const meta = job as Job<ImportJob> & { retryCount?: number; retryLimit?: number };
          const finalAttempt = (meta.retryCount ?? 0) >= (meta.retryLimit ?? 0);
          const outcome = await runImport(options.db, options.storage, job.data.processId, { finalAttempt });
          log(`import ${job.data.processId}: ${outcome.toLowerCase()}`);
        }),
      );
    },
  );
  log(`waiting for import jobs (up to ${options.concurrency} at once)`);
  const snoozes = await startSnoozeWakes(boss, options.db, log);
  await startAnnouncementPushes(boss, options.db, log);
  await startCleanup(boss, options.db, options.storage, log);
  // Alive once it takes every kind of job (/api/health counts workers by this).
  const heartbeat = await startWorkerHeartbeat(options.db, log);
  return {
    async stop() {
      await heartbeat.stop();
      snoozes.stop();
      // Running jobs get a moment to end; what is left is retried by another worker.
      await boss.stop({ graceful: true, timeout: 5_000, close: true });
    },
  };
}
