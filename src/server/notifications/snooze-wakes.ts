// The worker's side of snoozing: runs the wake-up jobs at their time, and
// every SWEEP_MS wakes any overdue snooze whose job was lost (the queue was
// down when it was snoozed).
import "server-only";
import type { Job, PgBoss } from "pg-boss";
import type { Db } from "../db";
import { ensureQueue } from "../job-queue";
import { snoozeQueue, wakeOverdue, wakeSnoozed, type SnoozeJob } from "./snooze";

const SWEEP_MS = 30_000;
/** pg-boss starts a job by the database's clock; a small lead on ours is waited out. */
const MAX_CLOCK_LEAD_MS = 10_000;

export async function startSnoozeWakes(boss: PgBoss, db: Db, log: (message: string) => void) {
  await ensureQueue(boss, snoozeQueue);
  await boss.work<SnoozeJob>(snoozeQueue.name, { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (jobs: Job<SnoozeJob>[]) => {
    for (const job of jobs) {
      const ahead = new Date(job.data.until).getTime() - Date.now();
      if (ahead > 0 && ahead <= MAX_CLOCK_LEAD_MS) await new Promise((r) => setTimeout(r, ahead));
      await wakeSnoozed(db, job.data.id);
    }
  });
  const sweep = () =>
    void wakeOverdue(db)
      .then((count) => count > 0 && log(`woke ${count} overdue snoozed notification(s)`))
      .catch((error: unknown) => log(`snooze sweep failed: ${String(error)}`));
  sweep();
  const timer = setInterval(sweep, SWEEP_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
