import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { createDb, db } from "@/server/db";
import { env } from "@/server/env";
import { checkHealth } from "@/server/health";
import { createPusher } from "@/server/realtime/pusher";
import { LocalDiskStorage } from "@/server/uploads/storage";
import { startWorker, type Worker } from "@/server/jobs/worker";
import { freePort } from "../../scripts/lib/ports";

const uploadDir = mkdtempSync(path.join(tmpdir(), "health-"));
let worker: Worker | undefined;

/** A real worker (its heartbeat is what /api/health counts). */
async function runWorker(): Promise<Worker> {
  return startWorker({ db, storage: new LocalDiskStorage(uploadDir), concurrency: 1, log: () => undefined });
}

beforeAll(async () => {
  // What earlier files' workers left (one killed rather than stopped).
  await db.workerHeartbeat.deleteMany({});
  worker = await runWorker();
});

afterAll(async () => {
  await worker?.stop();
  rmSync(uploadDir, { recursive: true, force: true });
});

describe("GET /api/health", () => {
  it("answers 200 with the state of the database, of Soketi and of the workers when all are up", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      reasons: [],
      database: { ok: true },
      realtime: { ok: true },
      worker: { ok: true, running: expect.any(Number) },
      outbox: { pending: expect.any(Number) },
    });
  });

  it("reports degraded, saying why, when Soketi does not answer", async () => {
    const deadPusher = createPusher({ ...env(), PUSHER_PORT: await freePort() });
    const health = await checkHealth({ pusher: deadPusher });
    expect(health).toMatchObject({ status: "degraded", database: { ok: true }, realtime: { ok: false }, worker: { ok: true } });
    expect(health.reasons).toEqual([
      expect.stringMatching(/^The realtime server is unreachable \(connect ECONNREFUSED 127\.0\.0\.1:\d+\): open pages show "Reconnecting…", and changes wait in the outbox until it is back\.$/),
    ]);
  });

  it("reports down (503 from the route) when the database does not answer", async () => {
    const dead = createDb(`postgresql://postgres@127.0.0.1:${await freePort()}/nothing`);
    try {
      const health = await checkHealth({ db: dead.prisma });
      expect(health).toMatchObject({ status: "down", database: { ok: false }, realtime: { ok: true } });
      expect(health.worker).toEqual({ ok: false, running: null, lastSeenSecondsAgo: null });
      expect(health.reasons).toEqual([expect.stringMatching(/^The database is unreachable \(Can't reach database server at 127\.0\.0\.1:\d+\): nothing can be loaded or saved\.$/)]);
    } finally {
      await dead.pool.end();
    }
  });

  it("reports degraded when no worker runs, or when one stops reporting (stuck or killed)", async () => {
    // A worker that stops on purpose says goodbye: none is left.
    await worker!.stop();
    worker = undefined;
    const res = await GET();
    expect(res.status, "degraded still serves").toBe(200);
    const none = (await res.json()) as Awaited<ReturnType<typeof checkHealth>>;
    expect(none).toMatchObject({ status: "degraded", worker: { ok: false, running: 0, lastSeenSecondsAgo: null } });
    expect(none.reasons).toEqual([
      "No worker is running: imports, snoozed notifications and announcement pushes wait until one starts (npm run worker).",
    ]);

    worker = await runWorker();
    expect(await checkHealth()).toMatchObject({ status: "ok", reasons: [], worker: { ok: true, running: 1 } });

    // What a worker whose process hangs or died looks like: its last beat ages.
    await db.$executeRaw`UPDATE "WorkerHeartbeat" SET "seenAt" = now() - interval '21 seconds'`;
    const stale = await checkHealth();
    expect(stale).toMatchObject({ status: "degraded", worker: { ok: false, running: 0 } });
    expect(stale.worker.lastSeenSecondsAgo).toBeGreaterThanOrEqual(21);
    expect(stale.reasons).toEqual([
      `No worker has reported for ${stale.worker.lastSeenSecondsAgo} s: imports, snoozed notifications and announcement pushes wait until one runs again.`,
    ]);
  });
});
