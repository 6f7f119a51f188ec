// The data import workflow end to end on the real queue: a worker takes the
// job from pg-boss, runs validate → parse → import → summarize, and every
// state change goes through the outbox. Also: a bad row fails at the right
// step with its row number, cancel stops a running import, a killed worker's
// job is picked up by another worker, and only the owner may watch or act.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { DatasetSummary } from "@/lib/imports";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { LocalDiskStorage } from "@/server/uploads/storage";
import { stopSender } from "@/server/job-queue";
import { startWorker, type Worker } from "@/server/jobs/worker";
import { callerFor } from "../helpers/callers";
import { requestChannelAuth } from "../helpers/channel-auth";
import { uploadCsv as uploadCsvTo } from "../helpers/uploads";
import { startTestPublisher } from "../helpers/publisher";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";

const uploadDir = mkdtempSync(path.join(tmpdir(), "imports-test-"));
process.env.UPLOAD_DIR = uploadDir;
const storage = new LocalDiskStorage(path.join(uploadDir, "files"));

let publisher: ReturnType<typeof startTestPublisher>;
let worker: Worker | undefined;
const clients: RealtimeTestClient[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  publisher = startTestPublisher();
  worker = await startWorker({ db, storage, concurrency: 2, log: () => undefined });
});

afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await worker?.stop();
  await stopSender();
  await publisher.stop();
  rmSync(uploadDir, { recursive: true, force: true });
});

function bigCsv(rows: number): string {
  const lines = ["id,amount,name"];
  for (let i = 1; i <= rows; i++) lines.push(`${i},${i % 100},name-${i % 50}`);
  return `${lines.join("\n")}\n`;
}

/** A CSV upload of `owner`'s, as the tus endpoint leaves it after the last byte. */
const uploadCsv = (ownerId: string, content: string, filename?: string) => uploadCsvTo(storage, ownerId, content, filename);

async function waitForStatus(processId: string, statuses: string[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await db.workflowProcess.findUniqueOrThrow({ where: { id: processId }, include: { steps: true } });
    if (statuses.includes(p.status)) return p;
    if (Date.now() > deadline) throw new Error(`process ${processId} is ${p.status}, expected ${statuses.join("/")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForStep(processId: string, name: string, minDone = 0, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const step = await db.workflowStep.findFirst({ where: { processId, name, status: "RUNNING", done: { gt: minDone - 1 } } });
    if (step) return step;
    if (Date.now() > deadline) throw new Error(`step ${name} of ${processId} never ran`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function outboxOf(channel: string) {
  return db.outboxEvent.findMany({ where: { channel }, orderBy: { seq: "asc" } });
}

describe("data import", () => {
  it("imports a 100,000-row CSV: every row stored, steps in order, progress coalesced, summary right, owner notified", { timeout: 150_000 }, async () => {
    const alice = await createUser();
    const uploadId = await uploadCsv(alice.id, bigCsv(100_000), "sales.csv");
    const { processId, datasetId } = await callerFor(alice).imports.start({ uploadId });

    const watcher = new RealtimeTestClient(alice);
    clients.push(watcher);
    expect(await watcher.subscribe(channels.process(processId))).toEqual({ ok: true });

    const done = await waitForStatus(processId, ["COMPLETED", "FAILED", "CANCELLED"], 120_000);
    expect(done.status).toBe("COMPLETED");
    expect(done.steps.every((s) => s.status === "COMPLETED")).toBe(true);

    expect(await db.datasetRow.count({ where: { datasetId } })).toBe(100_000);
    const row = await db.datasetRow.findUniqueOrThrow({ where: { datasetId_rowNumber: { datasetId, rowNumber: 12_345 } } });
    expect(row.data).toEqual({ id: 12_345, amount: 45, name: "name-45" });

    const dataset = await db.dataset.findUniqueOrThrow({ where: { id: datasetId } });
    expect(dataset.name).toBe("sales");
    const summary = dataset.summary as unknown as DatasetSummary;
    expect(summary.rowCount).toBe(100_000);
    expect(summary.columns).toEqual([
      { name: "id", type: "number", filled: 100_000, min: 1, max: 100_000, mean: 50_000.5 },
      { name: "amount", type: "number", filled: 100_000, min: 0, max: 99, mean: 49.5 },
      { name: "name", type: "text", filled: 100_000, distinct: 50 },
    ]);

    // The process channel: each step starts, reports progress that only
    // grows, and completes, in step order; then the run finishes.
    const events = (await outboxOf(channels.process(processId))).filter((e) => e.type !== "process.activity");
    const shape: string[] = [];
    for (const e of events) {
      const p = e.payload as { step?: { position: number }; position?: number; status?: string };
      const tag = e.type === "process.finished" ? `finished:${p.status}` : `${e.type}:${p.step?.position ?? p.position}`;
      if (tag !== shape.at(-1) || e.type !== "step.progress") shape.push(tag);
    }
    const expected = [0, 1, 2, 3].flatMap((i) => [`step.started:${i}`, `step.progress:${i}`, `step.completed:${i}`]);
    expect(shape.filter((t) => !t.startsWith("step.progress"))).toEqual([
      ...expected.filter((t) => !t.startsWith("step.progress")),
      "finished:COMPLETED",
    ]);
    // Progress within a step never goes back.
    const progress = events.filter((e) => e.type === "step.progress");
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i++) {
      const [a, b] = [progress[i - 1]!.payload as { position: number; done: number }, progress[i]!.payload as { position: number; done: number }];
      if (a.position === b.position) expect(b.done).toBeGreaterThanOrEqual(a.done);
      else expect(b.position).toBeGreaterThan(a.position);
    }
    // Never more than a few progress events per second, by their own timestamps.
    const times = progress.map((e) => e.createdAt.getTime());
    const busiestSecond = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1_000).length));
    expect(busiestSecond).toBeLessThanOrEqual(4);
    // Completion carries the final values.
    const completed = events.filter((e) => e.type === "step.completed").map((e) => (e.payload as { step: { done: number; total: number } }).step);
    expect(completed[2]).toMatchObject({ done: 100_000, total: 100_000 });

    // What a subscriber received: the same events, in order, none lost.
    const received = await watcher.waitForEvents(channels.process(processId), 1);
    await expect
      .poll(() => watcher.events(channels.process(processId)).at(-1)?.type, { timeout: 10_000 })
      .toBe("process.finished");
    const ids = received.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const resourceEvents = (await outboxOf(channels.resource(datasetId))).map((e) => e.type);
    expect(resourceEvents).toEqual(["process.created", "workflow.completed"]);
    const notification = await db.notification.findFirst({ where: { recipientId: alice.id, type: "import.completed" } });
    expect(notification?.title).toBe("Import finished: sales");

    // The widget's reload: the full state from the database.
    const state = await callerFor(alice).imports.process({ processId });
    expect(state.steps.map((s) => [s.name, s.status, s.done])).toEqual([
      ["validate", "COMPLETED", state.steps[0]!.total],
      ["parse", "COMPLETED", 100_000],
      ["import", "COMPLETED", 100_000],
      ["summarize", "COMPLETED", 3],
    ]);
    expect(state.activities.at(-1)?.message).toMatch(/100,000 rows imported/);
  });

  it("fails a CSV holding NUL past the upload's content check at the validate step, naming the row", async () => {
    const alice = await createUser();
    const csv = `${bigCsv(6_000)}6001,1,bad\u0000name\n`; // the NUL comes after the first 64 KB
    const uploadId = await uploadCsv(alice.id, csv);
    const { processId, datasetId } = await callerFor(alice).imports.start({ uploadId });

    const done = await waitForStatus(processId, ["COMPLETED", "FAILED", "CANCELLED"]);
    expect(done.status).toBe("FAILED");
    expect(done.error).toBe('Row 6001, column "name" holds a NUL character (binary data).');
    expect(await db.datasetRow.count({ where: { datasetId } })).toBe(0);
  });

  it("fails a CSV with a bad value at the validate step, naming the row; nothing is imported", async () => {
    const alice = await createUser();
    const csv = "city,population\nOslo,709000\nBergen,291000\nTromsø,many\nStavanger,146000\n";
    const uploadId = await uploadCsv(alice.id, csv);
    const { processId, datasetId } = await callerFor(alice).imports.start({ uploadId });

    const done = await waitForStatus(processId, ["COMPLETED", "FAILED", "CANCELLED"]);
    expect(done.status).toBe("FAILED");
    expect(done.error).toBe('Row 3, column "population": "many" is not a number (the column holds numbers).');
    const steps = done.steps.sort((a, b) => a.position - b.position).map((s) => [s.name, s.status]);
    expect(steps).toEqual([
      ["validate", "FAILED"],
      ["parse", "WAITING"],
      ["import", "WAITING"],
      ["summarize", "WAITING"],
    ]);
    expect(await db.datasetRow.count({ where: { datasetId } })).toBe(0);
    const types = (await outboxOf(channels.process(processId))).map((e) => e.type).filter((t) => t !== "process.activity");
    expect(types).toEqual(["step.started", "step.failed", "process.finished"]);
    expect((await outboxOf(channels.resource(datasetId))).map((e) => e.type)).toEqual(["process.created", "workflow.failed"]);
    expect(await db.notification.count({ where: { recipientId: alice.id, type: "import.failed" } })).toBe(1);
  });

  it("fails a row with too many values, with its row number", async () => {
    const alice = await createUser();
    const uploadId = await uploadCsv(alice.id, "a,b\n1,2\n3,4\n5,6,7\n");
    const { processId } = await callerFor(alice).imports.start({ uploadId });
    const done = await waitForStatus(processId, ["COMPLETED", "FAILED", "CANCELLED"]);
    expect(done.error).toBe("Row 3 has 3 values; the header has 2 columns.");
  });

  it("cancel stops a running import promptly and marks it cancelled", async () => {
    const alice = await createUser();
    const uploadId = await uploadCsv(alice.id, bigCsv(200_000));
    const { processId, datasetId } = await callerFor(alice).imports.start({ uploadId });
    // Running, with some progress made.
    await waitForStatus(processId, ["RUNNING"]);
    await expect.poll(() => db.workflowStep.count({ where: { processId, status: "RUNNING", done: { gt: 0 } } }), { timeout: 60_000 }).toBe(1);

    await callerFor(alice).imports.cancel({ processId });

    const done = await waitForStatus(processId, ["COMPLETED", "FAILED", "CANCELLED"]);
    expect(done.status).toBe("CANCELLED");
    // Stopped within a second or two of the request (database timestamps).
    expect(done.finishedAt!.getTime() - done.cancelRequestedAt!.getTime()).toBeLessThan(2_500);
    const steps = done.steps.sort((a, b) => a.position - b.position);
    const stopped = steps.findIndex((s) => s.status === "CANCELLED");
    expect(stopped).toBeGreaterThanOrEqual(0);
    expect(steps.slice(0, stopped).every((s) => s.status === "COMPLETED")).toBe(true);
    expect(steps.slice(stopped + 1).every((s) => s.status === "WAITING")).toBe(true);
    expect(await db.datasetRow.count({ where: { datasetId } })).toBe(0);
    const last = (await outboxOf(channels.process(processId))).at(-1);
    expect(last).toMatchObject({ type: "process.finished", payload: { status: "CANCELLED" } });
    await expect(callerFor(alice).imports.cancel({ processId })).rejects.toMatchObject({ code: "CONFLICT" });
  }, 90_000);

  it("a second import does not wait behind a long first one", async () => {
    const alice = await createUser();
    const long = await callerFor(alice).imports.start({ uploadId: await uploadCsv(alice.id, bigCsv(200_000)) });
    await waitForStatus(long.processId, ["RUNNING"]);
    const short = await callerFor(alice).imports.start({ uploadId: await uploadCsv(alice.id, "a,b\n1,2\n") });
    await waitForStatus(short.processId, ["COMPLETED"]);
    expect((await db.workflowProcess.findUniqueOrThrow({ where: { id: long.processId } })).status).toBe("RUNNING");
    await callerFor(alice).imports.cancel({ processId: long.processId });
    await waitForStatus(long.processId, ["CANCELLED"]);
  }, 90_000);

  it("only the owner (and admins) may start from an upload, watch, read or cancel a run", async () => {
    const [alice, bob, admin] = await Promise.all([createUser(), createUser(), createUser({ role: "ADMIN" })]);
    const uploadId = await uploadCsv(alice.id, "a\n1\n");
    const refused = callerFor(bob).imports.start({ uploadId });
    await expect(refused).rejects.toBeInstanceOf(TRPCError);
    expect(await db.dataset.count({ where: { uploadId } })).toBe(0);

    const { processId, datasetId } = await callerFor(alice).imports.start({ uploadId });
    for (const channel of [channels.process(processId), channels.resource(datasetId), channels.workflow(processId)]) {
      expect((await requestChannelAuth(bob, channel, "1.2")).status).toBe(403);
      expect((await requestChannelAuth(null, channel, "1.2")).status).toBe(403);
      expect((await requestChannelAuth(alice, channel, "1.2")).status).toBe(200);
      expect((await requestChannelAuth(admin, channel, "1.2")).status).toBe(200);
    }
    await expect(callerFor(bob).imports.process({ processId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const bobCancel = callerFor(bob).imports.cancel({ processId });
    await expect(bobCancel).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(null).imports.datasets()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await db.workflowProcess.findUniqueOrThrow({ where: { id: processId } })).cancelRequestedAt).toBeNull();
    await waitForStatus(processId, ["COMPLETED"]);
  }, 60_000);

  it(
    "a worker killed mid-import: another worker picks the job up and finishes it, each row once",
    async () => {
    // Only the worker processes of this test may take the job.
    await worker?.stop();
    worker = undefined;
    const root = path.resolve(__dirname, "..", "..");
    const startWorkerProcess = () => {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "worker.ts")], {
        cwd: root,
        env: { ...process.env, UPLOAD_DIR: uploadDir },
        stdio: "ignore",
      });
      children.push(child);
      return child;
    };

    const alice = await createUser();
    const uploadId = await uploadCsv(alice.id, bigCsv(150_000));
    const { processId, datasetId } = await callerFor(alice).imports.start({ uploadId });

    const first = startWorkerProcess();
    await waitForStep(processId, "import", 1, 90_000);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    startWorkerProcess();
    const done = await waitForStatus(processId, ["COMPLETED", "FAILED", "CANCELLED"], 120_000);
    expect(done.status).toBe("COMPLETED");
    expect(done.attempts).toBe(2);
    expect(await db.datasetRow.count({ where: { datasetId } })).toBe(150_000);
    const log = await db.processActivity.findMany({ where: { processId }, orderBy: { id: "asc" } });
    expect(log.map((a) => a.message)).toContain("A worker stopped during the previous attempt; starting again.");
    },
    240_000,
  );
});
