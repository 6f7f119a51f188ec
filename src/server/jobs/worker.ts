// A worker: takes jobs from the queue and runs them (imports, snooze
// wake-ups, announcements' pushes, the cleanup). Runs in its own
// process (worker-main.ts), so workers scale apart from the web servers;
// tests run one in-process.
import "server-only";
import { startAnnouncementPushes } from "../broadcasts/announcement-push";
import type { Db } from "../db";
import { startImports } from "../imports/import-job";
import { createBoss } from "../job-queue";
import { startSnoozeWakes } from "../notifications/snooze-wakes";
import type { UploadStorage } from "../uploads/storage";
import { startCleanup } from "./cleanup";
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
  // Each domain's jobs, each creating its queue first.
  await startImports(boss, { db: options.db, storage: options.storage, concurrency: options.concurrency, log });
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
