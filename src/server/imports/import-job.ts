// The data import's job: the web server queues one per run (start-import.ts),
// a worker runs it (runImport in import-workflow.ts).
import "server-only";
import type { Job, PgBoss } from "pg-boss";
import type { Db } from "../db";
import { defineQueue, ensureQueue, findJobs, sendJob } from "../job-queue";
import type { UploadStorage } from "../uploads/storage";
import { runImport } from "./import-workflow";

type ImportJob = { processId: string };

// A worker that dies mid-job stops sending heartbeats; the supervisor then
// hands the job to another worker within about heartbeatSeconds plus a
// supervise interval. The import starts over on retry (it is idempotent).
const importQueue = defineQueue<ImportJob>("data-import", {
  heartbeatSeconds: 10,
  expireInSeconds: 60 * 60,
  retryLimit: 3,
  retryDelay: 1,
});

export async function enqueueImport(job: ImportJob): Promise<void> {
  await sendJob(importQueue, job, { singletonKey: job.processId });
}

/**
 * Whether the queue still holds a job that will run (or is running) this
 * import: waiting, waiting to be retried, or active. A run whose job ended
 * without ending it (a worker that failed on its last attempt) has none.
 */
export async function importJobPending(processId: string): Promise<boolean> {
  const jobs = await findJobs(importQueue, processId);
  return jobs.some((job) => job.state === "created" || job.state === "retry" || job.state === "active");
}

/** The worker's side: runs imports, up to `concurrency` at once. */
export async function startImports(
  boss: PgBoss,
  options: { db: Db; storage: UploadStorage; concurrency: number; log: (message: string) => void },
): Promise<void> {
  await ensureQueue(boss, importQueue);
  await boss.work<ImportJob>(
    importQueue.name,
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
          options.log(`import ${job.data.processId}: ${outcome.toLowerCase()}`);
        }),
      );
    },
  );
  options.log(`waiting for import jobs (up to ${options.concurrency} at once)`);
}
