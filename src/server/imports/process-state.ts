// Every change of a run's state, each in one transaction with its events
// (persist, then broadcast). Channel lock order: resource → process → user → admin.
import "server-only";
import type { Db, Tx } from "../db";
import { notifyInTransaction } from "../notifications/notify";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";
import { shortText } from "@/lib/event-text";
import type { ProcessView } from "@/lib/events";
import { toActivityView, toFailedImportView, toStepView } from "./process-view";

const MAX_MESSAGE = 500;

/** A message as a person reads it: at most MAX_MESSAGE characters (a reason may quote a file). */
function readable(message: string): string {
  return shortText(message, MAX_MESSAGE);
}

/**
 * Tells the owner's pages (the dashboard's dataset widget) that a dataset
 * changed. On the owner's channel, not the dataset's: a widget showing the
 * newest dataset cannot know the id of one that does not exist yet.
 * Appended last in its transaction (the user channel is last in lock order).
 */
export async function announceDataset(tx: Tx, datasetId: string, status: ProcessView["status"]) {
  const dataset = await tx.dataset.findUniqueOrThrow({
    where: { id: datasetId },
    select: { id: true, ownerId: true, name: true, rowCount: true },
  });
  await appendEvent(tx, channels.user(dataset.ownerId), "dataset.updated", {
    dataset: { id: dataset.id, name: dataset.name, status, rowCount: dataset.rowCount },
  });
}

export async function logActivity(tx: Tx, processId: string, level: "info" | "error", message: string) {
  const row = await tx.processActivity.create({
    data: { processId, level, message: readable(message) },
  });
  await appendEvent(tx, channels.process(processId), "process.activity", { processId, activity: toActivityView(row) });
}

export function startStep(db: Db, processId: string, position: number, total: number | null, message: string) {
  return transactionWithEvents(db, async (tx) => {
    const step = await tx.workflowStep.update({
      where: { processId_position: { processId, position } },
      data: { status: "RUNNING", done: 0, total, error: null, startedAt: new Date(), finishedAt: null },
    });
    await appendEvent(tx, channels.process(processId), "step.started", { processId, step: toStepView(step) });
    await logActivity(tx, processId, "info", message);
  });
}

export function writeProgress(db: Db, processId: string, position: number, done: number, total: number | null) {
  return transactionWithEvents(db, async (tx) => {
    await tx.workflowStep.update({ where: { processId_position: { processId, position } }, data: { done, total } });
    await appendEvent(tx, channels.process(processId), "step.progress", { processId, position, done, total });
  });
}

export function completeStep(db: Db, processId: string, position: number, done: number, total: number | null, message: string) {
  return transactionWithEvents(db, async (tx) => {
    const step = await tx.workflowStep.update({
      where: { processId_position: { processId, position } },
      data: { status: "COMPLETED", done, total, finishedAt: new Date() },
    });
    await appendEvent(tx, channels.process(processId), "step.completed", { processId, step: toStepView(step) });
    await logActivity(tx, processId, "info", message);
  });
}

type Ending =
  | { status: "COMPLETED"; rowCount: number; datasetName: string }
  | { status: "FAILED" | "CANCELLED"; error: string | null; datasetName: string; step?: number };

/**
 * Ends a run: the failed step (if any), the process, both channels, and the
 * owner's notification. A run ends once: when it already ended (a worker and
 * a cancel finishing it at the same moment), this does nothing and returns
 * false. The reason is cut to a length a person reads.
 */
export function finishProcess(db: Db, processId: string, ending: Ending): Promise<boolean> {
  if (ending.status !== "COMPLETED" && ending.error !== null) ending = { ...ending, error: readable(ending.error) };
  return transactionWithEvents(db, async (tx) => {
    const finishedAt = new Date();
    const error = ending.status === "COMPLETED" ? null : ending.error;
    // First, so that of two finishers the second waits on the row and then
    // finds it ended (process row, then channels: the order runImport's start takes).
    const ended = await tx.workflowProcess.updateMany({
      where: { id: processId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: ending.status, error, finishedAt },
    });
    if (ended.count === 0) return false;
    const process = await tx.workflowProcess.findUniqueOrThrow({ where: { id: processId } });
    await appendEvent(
      tx,
      channels.resource(process.datasetId),
      ending.status === "COMPLETED" ? "workflow.completed" : "workflow.failed",
      ending.status === "COMPLETED"
        ? { processId, datasetId: process.datasetId, rowCount: ending.rowCount }
        : { processId, datasetId: process.datasetId, status: ending.status, error: ending.error },
    );
    if (ending.status !== "COMPLETED") {
      // The running step fails (or is cancelled); the ones after it never ran.
      const running = await tx.workflowStep.findMany({ where: { processId, status: "RUNNING" } });
      for (const s of running) {
        const step = await tx.workflowStep.update({
          where: { id: s.id },
          data: { status: ending.status, error: ending.status === "FAILED" ? ending.error : null, finishedAt },
        });
        await appendEvent(tx, channels.process(processId), "step.failed", { processId, step: toStepView(step) });
      }
    }
    await logActivity(
      tx,
      processId,
      ending.status === "FAILED" ? "error" : "info",
      ending.status === "COMPLETED"
        ? `Finished: ${ending.rowCount.toLocaleString("en")} rows imported.`
        : ending.status === "CANCELLED"
          ? "Cancelled."
          : `Failed: ${ending.error}`,
    );
    await appendEvent(tx, channels.process(processId), "process.finished", {
      processId,
      status: ending.status,
      error,
      finishedAt: finishedAt.toISOString(),
    });
    if (ending.status !== "CANCELLED") {
      await notifyInTransaction(tx, {
        recipientId: process.ownerId,
        type: ending.status === "COMPLETED" ? "import.completed" : "import.failed",
        title: ending.status === "COMPLETED" ? `Import finished: ${ending.datasetName}` : `Import failed: ${ending.datasetName}`,
        body:
          ending.status === "COMPLETED"
            ? `${ending.rowCount.toLocaleString("en")} rows are in the dataset.`
            : (ending.error ?? ""),
        link: `/imports?process=${processId}`,
      });
    }
    await announceDataset(tx, process.datasetId, ending.status);
    if (ending.status === "FAILED") await alertAdmins(tx, process, ending.datasetName, error, finishedAt);
    return true;
  });
}

/**
 * Tells every open admin page that a run failed, in the transaction that
 * marks it FAILED (so an alert exists exactly when the failure committed).
 * Last in the transaction: `private-admin` comes after every other channel in lock order.
 */
async function alertAdmins(
  tx: Tx,
  process: { id: string; datasetId: string; ownerId: string },
  datasetName: string,
  error: string | null,
  failedAt: Date,
) {
  const owner = await tx.user.findUniqueOrThrow({ where: { id: process.ownerId }, select: { id: true, name: true } });
  await appendEvent(tx, channels.admin(), "import.failed", {
    failure: toFailedImportView({ id: process.id, datasetId: process.datasetId, error, finishedAt: failedAt, dataset: { name: datasetName }, owner }),
  });
}
