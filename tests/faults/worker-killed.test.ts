// Fault: the worker process is killed (SIGKILL) in the middle of a CSV
// import, while the app writes a burst of notifications. Another worker is
// started; the queue hands it the dead worker's job once its heartbeat
// stops, and the import ends in a terminal state (never stuck RUNNING). The
// import's events (steps, progress, the owner's notice) go through the same
// outbox as the notifications and are counted with them.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { acceptUpload } from "@/server/uploads/accept-upload";
import { LocalDiskStorage } from "@/server/uploads/storage";
import { stopSender } from "@/server/job-queue";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";
import { Burst } from "./burst";
import { expectOutboxPromiseKept, followChannel, printTally, tally } from "./delivery-tally";

const uploadDir = mkdtempSync(path.join(tmpdir(), "faults-worker-"));
process.env.UPLOAD_DIR = uploadDir;
const storage = new LocalDiskStorage(path.join(uploadDir, "files"));
const { client } = liveHarness();
const workers: ChildProcess[] = [];

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  await stopSender();
  rmSync(uploadDir, { recursive: true, force: true });
});

/** A worker process as the start command runs one (scripts/worker.ts). */
function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, UPLOAD_DIR: uploadDir },
    stdio: "ignore",
  });
  workers.push(child);
  return child;
}

async function csvUpload(ownerId: string, rows: number): Promise<string> {
  const lines = ["id,amount,name"];
  for (let i = 1; i <= rows; i++) lines.push(`${i},${i % 100},name-${i % 50}`);
  const content = `${lines.join("\n")}\n`;
  const id = randomUUID().replaceAll("-", "");
  await storage.write(id, Buffer.from(content));
  expect(await acceptUpload(db, storage, ownerId, { id, size: content.length, metadata: { kind: "csv", filename: "faults.csv" } })).toEqual({
    ok: true,
  });
  return id;
}

async function until<T>(what: string, read: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED"];

it("the worker killed mid-import during a burst: the import ends (never stuck RUNNING), every committed event applied once", async () => {
  const people = await Promise.all(Array.from({ length: 10 }, () => createUser()));
  const owner = people[0]!;
  const uploadId = await csvUpload(owner.id, 100_000);
  const { processId, datasetId } = await callerFor(owner).imports.start({ uploadId });
  const ownersTab = client(owner);
  const followers = await Promise.all([
    ...people.map((p) => followChannel(p === owner ? ownersTab : client(p), p, channels.user(p.id))),
    followChannel(ownersTab, owner, channels.process(processId)),
    followChannel(ownersTab, owner, channels.resource(datasetId)),
  ]);

  const doomed = startWorkerProcess();
  await until(
    "the import step to run",
    () => db.workflowStep.findFirst({ where: { processId, name: "import", status: "RUNNING", done: { gt: 0 } } }),
    120_000,
  );
  const burst = new Burst({ label: "worker-kill", recipients: people, total: 500 });
  const writing = burst.run();
  // Soon after the burst starts: the import step is well under way by then.
  await burst.reached(50);
  doomed.kill("SIGKILL");
  await new Promise((r) => doomed.once("exit", r));
  const atKill = await db.workflowProcess.findUniqueOrThrow({ where: { id: processId } });
  startWorkerProcess();
  await writing;

  const finished = await until(
    "the import to end",
    async () => {
      const p = await db.workflowProcess.findUniqueOrThrow({ where: { id: processId } });
      return TERMINAL.includes(p.status) ? p : null;
    },
    150_000,
  );
  const result = await tally("the worker killed mid-import", followers, {
    recipientIds: people.map((p) => p.id),
    failedWrites: burst.failed,
    imports: { terminal: 1, total: 1 },
  });
  printTally(result);
  console.log(`import: ${atKill.status} when the worker was killed, ${finished.status} after ${finished.attempts} attempts`);
  expect(atKill.status).toBe("RUNNING");
  expect(["COMPLETED", "FAILED"]).toContain(finished.status);
  expectOutboxPromiseKept(result);
}, 240_000);
