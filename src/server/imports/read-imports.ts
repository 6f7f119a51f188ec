// What the imports page and its progress widget load (then they listen).
import "server-only";
import type { DatasetSummary } from "@/lib/imports";
import type { Actor } from "../actor";
import { db, type Db } from "../db";
import { AppError } from "../errors";
import { channelHead } from "../realtime/outbox";
import { channels } from "@/lib/realtime/channel-names";
import { toActivityView, toDatasetListView, toStepView, toProcessView } from "./process-view";

const ACTIVITY_SHOWN = 100;

/** A run's full state, and the event number it is current to (load, then listen). */
export async function getProcess({ actor, tx = db, processId }: { actor: Actor; tx?: Db; processId: string }) {
  // The head is read before the rows: an event committed in between is then
  // applied on top of a state that already has it (every event here is
  // idempotent), never skipped as if the state had it.
  const head = await channelHead(tx, channels.process(processId));
  const process = await tx.workflowProcess.findUnique({
    where: { id: processId },
    include: {
      steps: { orderBy: { position: "asc" } },
      activities: { orderBy: { id: "desc" }, take: ACTIVITY_SHOWN },
      dataset: { select: { name: true } },
    },
  });
  if (!process || (process.ownerId !== actor.id && actor.role !== "ADMIN")) {
    throw new AppError("NOT_FOUND", "There is no such import.");
  }
  return {
    process: toProcessView(process),
    datasetName: process.dataset.name,
    steps: process.steps.map(toStepView),
    activities: process.activities.reverse().map(toActivityView),
    head,
  };
}

/**
 * The caller's datasets, newest first, and the caller's channel head they
 * are current to (the page then follows `dataset.created` there). The head
 * is read first: a dataset created in between is listed and its event
 * skipped as a duplicate by id.
 */
export async function listDatasets({ actor, tx = db }: { actor: Actor; tx?: Db }) {
  const head = await channelHead(tx, channels.user(actor.id));
  const datasets = await tx.dataset.findMany({
    where: { ownerId: actor.id },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { processes: { orderBy: { createdAt: "desc" }, take: 1 } },
  });
  const items = datasets.map((d) => ({
    ...toDatasetListView(d, d.processes[0] ?? null),
    summary: (d.summary as DatasetSummary | null) ?? null,
  }));
  return { head, items };
}

/** One of the caller's datasets as `listDatasets` lists it. */
export async function getDataset(options: { actor: Actor; tx?: Db; datasetId: string }) {
  const d = (await listDatasets(options)).items.find((x) => x.id === options.datasetId);
  if (!d) throw new AppError("NOT_FOUND", "There is no such dataset.");
  return d;
}

/**
 * The caller's newest finished dataset's summary, for the dashboard widget,
 * and the caller's channel head it is current to (the widget then follows
 * `dataset.updated` there). The head is read first: an event committed in
 * between is already in the summary and only makes the widget load it again.
 */
export async function latestDatasetSummary({ actor, tx = db }: { actor: Actor; tx?: Db }) {
  const head = await channelHead(tx, channels.user(actor.id));
  const d = await tx.dataset.findFirst({
    where: { ownerId: actor.id, summary: { not: { equals: null } } },
    orderBy: { createdAt: "desc" },
  });
  return { dataset: d ? { id: d.id, name: d.name, summary: d.summary as unknown as DatasetSummary } : null, head };
}

/** The caller's CSV uploads not imported yet (the imports page lists them after a reload). */
export async function listPendingUploads({ actor, tx = db }: { actor: Actor; tx?: Db }) {
  const uploads = await tx.upload.findMany({
    where: { ownerId: actor.id, kind: "CSV", datasets: { none: {} } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, fileName: true, size: true, createdAt: true },
  });
  return uploads.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }));
}
