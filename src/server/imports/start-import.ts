// Starting and cancelling a data import.
import "server-only";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { IMPORT_WORKFLOW, importSteps } from "@/lib/imports";
import { db, type Db } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";
import { announceDataset, finishProcess, logActivity } from "./process-state";
import { toDatasetListView, toProcessView } from "./process-view";
import { enqueueImport, importJobPending } from "./import-job";

/** A dataset and its import run from one of the caller's CSV uploads; the job goes to the queue. */
export async function startImport(input: { actor: Actor; tx?: Db; uploadId: string; name?: string }) {
  const client = input.tx ?? db;
  const upload = await client.upload.findUnique({ where: { id: input.uploadId } });
  if (!upload || upload.ownerId !== input.actor.id) throw new AppError("NOT_FOUND", "There is no such upload.");
  if (upload.kind !== "CSV") throw new AppError("BAD_REQUEST", "Only CSV files can be imported.");
  const name = input.name ?? upload.fileName.replace(/\.csv$/i, "");

  const process = await transactionWithEvents(client, async (tx) => {
    const dataset = await tx.dataset.create({ data: { ownerId: input.actor.id, uploadId: upload.id, name } });
    const created = await tx.workflowProcess.create({
      data: {
        workflow: IMPORT_WORKFLOW,
        ownerId: input.actor.id,
        datasetId: dataset.id,
        steps: { create: importSteps.map((s, position) => ({ position, name: s.name, unit: s.unit })) },
      },
    });
    await appendEvent(tx, channels.resource(dataset.id), "process.created", { process: toProcessView(created) });
    await logActivity(tx, created.id, "info", `Queued an import of ${upload.fileName}.`);
    // The owner's other tabs (and pages of a run started through the API) list it at once.
    await appendEvent(tx, channels.user(input.actor.id), "dataset.created", { dataset: toDatasetListView(dataset, created) });
    await announceDataset(tx, dataset.id, "QUEUED");
    return created;
  });
  try {
    await enqueueImport({ processId: process.id });
  } catch {
    await finishProcess(client, process.id, {
      status: "FAILED",
      error: "The job queue is not reachable; try again in a moment.",
      datasetName: name,
    });
    throw new AppError("UNAVAILABLE", "The job queue is not reachable; try again in a moment.");
  }
  return { processId: process.id, datasetId: process.datasetId };
}

/**
 * Asks a run to stop. A queued run ends now; a running one is stopped by
 * its worker at the next batch (within about a second); a "running" one
 * that no job will ever run again (its worker gave up) ends now too, so a
 * cancel always ends a run.
 */
export async function cancelImport(input: { actor: Actor; tx?: Db; processId: string }) {
  const client = input.tx ?? db;
  const process = await client.workflowProcess.findUnique({ where: { id: input.processId }, include: { dataset: true } });
  if (!process || (process.ownerId !== input.actor.id && input.actor.role !== "ADMIN")) {
    throw new AppError("NOT_FOUND", "There is no such import.");
  }
  if (process.status !== "QUEUED" && process.status !== "RUNNING") {
    throw new AppError("CONFLICT", "This import has already ended.");
  }
  const updated = await client.workflowProcess.updateMany({
    where: { id: process.id, cancelRequestedAt: null },
    data: { cancelRequestedAt: new Date() },
  });
  if (updated.count > 0) {
    await transactionWithEvents(client, async (tx) => {
      await logActivity(tx, process.id, "info", "Cancel requested.");
      if (process.ownerId !== input.actor.id) {
        await recordAudit(tx, {
          actorId: input.actor.id,
          action: "import.cancelled",
          target: process.dataset.name,
          details: { processId: process.id, ownerId: process.ownerId },
        });
      }
    });
  }
  const ending = { status: "CANCELLED" as const, error: null, datasetName: process.dataset.name };
  if (process.status === "QUEUED") {
    // No worker has it yet; one that picks it up later sees it ended.
    const stillQueued = await client.workflowProcess.updateMany({
      where: { id: process.id, status: "QUEUED" },
      data: { status: "RUNNING" },
    });
    if (stillQueued.count > 0) await finishProcess(client, process.id, ending);
  } else if (!(await jobStillRuns(process.id))) {
    // No worker will run it again. Finishing is once only: a worker that
    // ends it at this moment wins, and this does nothing.
    await finishProcess(client, process.id, ending);
  }
  return { ok: true };
}

/** Whether a worker has (or will have) the run; when the queue cannot say, yes: its worker stops it then. */
async function jobStillRuns(processId: string): Promise<boolean> {
  return importJobPending(processId).catch(() => true);
}
