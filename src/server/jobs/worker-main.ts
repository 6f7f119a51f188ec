// The worker process: `npm run worker` (tsx scripts/worker.ts). The start
// command runs one beside the web server; more can run anywhere that
// reaches the database and UPLOAD_DIR (docs/imports.md).
import "server-only";
import { db } from "../db";
import { env } from "../env";
import { uploadStorage } from "../uploads/storage";
import { startWorker } from "./worker";

export async function main(): Promise<void> {
  const settings = env();
  const worker = await startWorker({ db, storage: uploadStorage(), concurrency: settings.WORKER_CONCURRENCY });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: stopping`);
    await worker.stop().catch((error: unknown) => console.error(`[worker] ${String(error)}`));
    await db.$disconnect().catch(() => undefined);
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(signal));
}
