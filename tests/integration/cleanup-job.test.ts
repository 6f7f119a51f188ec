// The cleanup job: workers schedule it every
// CLEANUP_INTERVAL_MINUTES through the job queue (pg-boss runs one
// occurrence once, whichever worker takes it), and a run deletes expired
// unfinished uploads and expired rate-limit counters.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { uploadStorage } from "@/server/uploads/storage";
import { cleanupQueue } from "@/server/jobs/cleanup";
import { createBoss, stopSender } from "@/server/job-queue";
import { startWorker, type Worker } from "@/server/jobs/worker";
import { createUser } from "../helpers/users";
import { backdateUpload, createUpload, filesIn, sendBytes, uploadId } from "../helpers/tus";

const uploadDir = mkdtempSync(path.join(tmpdir(), "cleanup-job-test-"));
const filesDir = path.join(uploadDir, "files");
process.env.UPLOAD_DIR = uploadDir;

let worker: Worker | undefined;
let boss: PgBoss | undefined;

beforeAll(async () => {
  worker = await startWorker({ db, storage: uploadStorage(), concurrency: 1, log: () => undefined });
  boss = createBoss({ worker: false });
  await boss.start();
});

afterAll(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false, close: true });
  await stopSender();
  rmSync(uploadDir, { recursive: true, force: true });
});

describe("the cleanup job", () => {
  it("is scheduled by the workers, hourly by default", async () => {
    const schedules = await boss!.getSchedules(cleanupQueue.name);
    expect(schedules.map((s) => s.cron)).toEqual(["0 * * * *"]);
  });

  it("deletes expired unfinished uploads and expired rate-limit counters when it runs", async () => {
    const alice = await createUser();
    const id = uploadId((await createUpload(alice, "csv", "abandoned.csv", 1000)).headers.get("location"));
    expect((await sendBytes(alice, id, 0, Buffer.from("a,b\n1,2\n"))).status).toBe(204);
    await backdateUpload(filesDir, id, 25);
    const key = `cleanup-job-test:${id}`;
    await db.$executeRaw`INSERT INTO "RateLimit" ("key", "points", "expire") VALUES (${key}, 1, ${Date.now() - 2 * 3600_000})`;

    await boss!.send(cleanupQueue.name, {});

    await expect.poll(() => filesIn(filesDir).filter((f) => f.startsWith(id)), { timeout: 20_000 }).toEqual([]);
    await expect
      .poll(async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "RateLimit" WHERE "key" = ${key}`)[0]!.n, {
        timeout: 20_000,
      })
      .toBe(0);
    expect(await db.pendingUpload.count({ where: { id } })).toBe(0);
  });
});
