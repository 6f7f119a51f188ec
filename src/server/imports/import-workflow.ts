// The data import workflow, as a worker runs it: validate → parse → import
// → summarize. Safe to run again after a worker died mid-run: a retry
// starts over (the dataset's rows are removed first).
import "server-only";
import { rm } from "node:fs/promises";
import type { Prisma } from "@/generated/prisma/client";
import { shortText } from "@/lib/event-text";
import type { DatasetSummary } from "@/lib/imports";
import { importSteps } from "@/lib/imports";
import type { Db } from "../db";
import { transactionWithEvents } from "../realtime/outbox";
import type { UploadStorage } from "../uploads/storage";
import { importRows, parseCsv, scratchFile, summarize, validateCsv, type Column } from "./csv-import";
import { completeStep, finishProcess, logActivity, startStep } from "./process-state";
import { Cancelled, ImportProblem, RunContext } from "./run-context";

const position = (name: (typeof importSteps)[number]["name"]) => importSteps.findIndex((s) => s.name === name);

export type RunOutcome = "COMPLETED" | "FAILED" | "CANCELLED" | "SKIPPED";

export async function runImport(
  db: Db,
  storage: UploadStorage,
  processId: string,
  options: { finalAttempt: boolean } = { finalAttempt: true },
): Promise<RunOutcome> {
  const process = await db.workflowProcess.findUnique({
    where: { id: processId },
    include: { dataset: { include: { upload: true } } },
  });
  if (!process || process.status === "COMPLETED" || process.status === "FAILED" || process.status === "CANCELLED") {
    return "SKIPPED";
  }
  const dataset = process.dataset;
  const datasetName = dataset.name;
  if (process.cancelRequestedAt) {
    await finishProcess(db, processId, { status: "CANCELLED", error: null, datasetName });
    return "CANCELLED";
  }

  const retry = process.attempts > 0;
  await transactionWithEvents(db, async (tx) => {
    await tx.workflowProcess.update({
      where: { id: processId },
      data: { status: "RUNNING", attempts: { increment: 1 }, startedAt: process.startedAt ?? new Date() },
    });
    if (retry) {
      await tx.workflowStep.updateMany({
        where: { processId },
        data: { status: "WAITING", done: 0, error: null, startedAt: null, finishedAt: null },
      });
      await tx.datasetRow.deleteMany({ where: { datasetId: dataset.id } });
    }
    await logActivity(
      tx,
      processId,
      "info",
      retry ? "A worker stopped during the previous attempt; starting again." : "A worker picked up the import.",
    );
  });

  const ctx = new RunContext(db, processId);
  const upload = dataset.upload;
  const scratch = scratchFile(processId);
  try {
    if (!upload) throw new ImportProblem("The uploaded file is gone.");
    const size = await storage.size(upload.storageKey);
    if (size === null) throw new ImportProblem("The uploaded file is gone.");

    // 1. validate
    let step = position("validate");
    await startStep(db, processId, step, size, "Checking the header and the type of every value.");
    const { columns, rowCount } = await validateCsv(ctx, step, storage.read(upload.storageKey), size);
    await db.dataset.update({ where: { id: dataset.id }, data: { columns: columns as unknown as Prisma.InputJsonValue } });
    await completeStep(db, processId, step, size, size, `Valid: ${rowCount.toLocaleString("en")} rows, ${columns.length} columns (${describeColumns(columns)}).`);
    ctx.stepEnded();

    // 2. parse
    step = position("parse");
    await ctx.checkpoint(true);
    await startStep(db, processId, step, rowCount, "Parsing rows into typed values.");
    const file = await parseCsv(ctx, step, storage.read(upload.storageKey), columns, rowCount);
    await completeStep(db, processId, step, rowCount, rowCount, `Parsed ${rowCount.toLocaleString("en")} rows.`);
    ctx.stepEnded();

    // 3. import
    step = position("import");
    await ctx.checkpoint(true);
    await startStep(db, processId, step, rowCount, "Importing rows in batches of 1,000.");
    const imported = await importRows(ctx, step, dataset.id, file, rowCount);
    await completeStep(db, processId, step, imported, rowCount, `Imported ${imported.toLocaleString("en")} rows.`);
    ctx.stepEnded();
    await rm(scratch, { force: true });

    // 4. summarize
    step = position("summarize");
    await ctx.checkpoint(true);
    await startStep(db, processId, step, columns.length, "Computing per-column statistics.");
    const summary: DatasetSummary = { rowCount: imported, columns: await summarize(ctx, step, dataset.id, columns) };
    await db.dataset.update({
      where: { id: dataset.id },
      data: { rowCount: imported, summary: summary as unknown as Prisma.InputJsonValue },
    });
    await completeStep(db, processId, step, columns.length, columns.length, "Summary ready.");

    await finishProcess(db, processId, { status: "COMPLETED", rowCount: imported, datasetName });
    return "COMPLETED";
  } catch (error) {
    await rm(scratch, { force: true });
    if (error instanceof Cancelled) {
      await db.datasetRow.deleteMany({ where: { datasetId: dataset.id } });
      await finishProcess(db, processId, { status: "CANCELLED", error: null, datasetName });
      return "CANCELLED";
    }
    if (error instanceof ImportProblem) {
      await failRun(db, processId, error.message, datasetName);
      return "FAILED";
    }
    // Not the file's fault (database, disk): let the queue retry, and say
    // so in the log; the last attempt fails the run for good.
    const message = error instanceof Error ? error.message : String(error);
    if (options.finalAttempt) {
      await failRun(db, processId, INTERNAL_FAILURE, datasetName);
      return "FAILED";
    }
    await transactionWithEvents(db, (tx) =>
      logActivity(tx, processId, "error", `Attempt failed (${message.slice(0, 200)}); it will be retried.`),
    ).catch(() => undefined);
    throw error;
  }
}

const INTERNAL_FAILURE = "The import stopped because of an internal error; try again later.";

/**
 * Ends the run FAILED with `reason`; if that cannot be recorded, with the
 * plain internal reason (the two differ in nothing but the text and its
 * events). Throws only when neither could be: the queue then retries the
 * job, and a run left without one is ended by its owner's cancel.
 */
async function failRun(db: Db, processId: string, reason: string, datasetName: string): Promise<void> {
  try {
    await finishProcess(db, processId, { status: "FAILED", error: reason, datasetName });
  } catch (error) {
    if (reason === INTERNAL_FAILURE) throw error;
    console.error(`[worker] could not record why import ${processId} failed; recording an internal error instead`, error);
    await finishProcess(db, processId, { status: "FAILED", error: INTERNAL_FAILURE, datasetName });
  }
}

function describeColumns(columns: Column[]): string {
  const shown = columns.slice(0, 6).map((c) => `${shortText(c.name, 40)}: ${c.type}`);
  return columns.length > 6 ? `${shown.join(", ")}, …` : shown.join(", ");
}
