// The job worker for an integration file: started before its tests with
// its own scratch upload folder, stopped (and the folder removed) after.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { db } from "@/server/db";
import { LocalDiskStorage } from "@/server/uploads/storage";
import { stopSender } from "@/server/job-queue";
import { startWorker, type Worker } from "@/server/jobs/worker";
import { uploadCsv } from "./uploads";

export function testWorker(name: string) {
  const uploadDir = mkdtempSync(path.join(tmpdir(), `${name}-`));
  const storage = new LocalDiskStorage(path.join(uploadDir, "files"));
  let worker: Worker | undefined;
  beforeAll(async () => {
    worker = await startWorker({ db, storage, concurrency: 1, log: () => undefined });
  });
  afterAll(async () => {
    await worker?.stop();
    await stopSender();
    rmSync(uploadDir, { recursive: true, force: true });
  });
  /** A CSV upload of the owner's, as the tus endpoint leaves it after the last byte. */
  const uploadCsvOf = (ownerId: string, content: string, filename?: string) => uploadCsv(storage, ownerId, content, filename);
  return { uploadDir, storage, uploadCsv: uploadCsvOf };
}
