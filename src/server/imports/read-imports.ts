// What the imports page and its progress widget load (then they listen).
import "server-only";
import type { DatasetSummary } from "@/lib/imports";
import type { Db } from "../db";
import { AppError } from "../errors";
import { channelHead } from "../realtime/outbox";
import { channels } from "@/lib/realtime/channel-names";
import { toActivityView, toDatasetListView, toStepView, toProcessView } from "./process-view";

const ACTIVITY_SHOWN = 100;

/** A run's full state, and the event number it is current to (load, then listen). */
export async function getProcess(db: Db, viewer: { id: string; role: string }, processId: string) {
  // The head is read before the rows: an event committed in between is then
  // applied on top of a state that already has it (every event here is
  // idempotent), never skipped as if the state had it.
  const head = await channelHead(db, channels.process(processId));
  const process = await db.workflowProcess.findUnique({
    where: { id: processId },
    include: {
      steps: { orderBy: { position: "asc" } },
      activities: { orderBy: { id: "desc" }, take: ACTIVITY_SHOWN },
      dataset: { select: { name: true } },
    },
  });
  if (!process || (process.ownerId !== viewer.id && viewer.role !== "ADMIN")) {
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
 * The owner's datasets, newest first, and the owner's channel head they are
 * current to (the page then follows `dataset.created` there). The head is
 * read first: a dataset created in between is listed and its event skipped
 * as a duplicate by id.
 */
export async function listDatasets(db: Db, ownerId: string) {
  const head = await channelHead(db, channels.user(ownerId));
  const datasets = await db.dataset.findMany({
    where: { ownerId },
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

/**
 * The newest finished dataset's summary, for the dashboard widget, and the
 * owner's channel head it is current to (the widget then follows
 * `dataset.updated` there). The head is read first: an event committed in
 * between is already in the summary and only makes the widget load it again.
 */
export async function latestDatasetSummary(db: Db, ownerId: string) {
  const head = await channelHead(db, channels.user(ownerId));
  const d = await db.dataset.findFirst({
    where: { ownerId, summary: { not: { equals: null } } },
    orderBy: { createdAt: "desc" },
  });
  return { dataset: d ? { id: d.id, name: d.name, summary: d.summary as unknown as DatasetSummary } : null, head };
}

/** The caller's CSV uploads not imported yet (the imports page lists them after a reload). */
export async function listPendingUploads(db: Db, ownerId: string) {
  const uploads = await db.upload.findMany({
    where: { ownerId, kind: "CSV", datasets: { none: {} } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, fileName: true, size: true, createdAt: true },
  });
  return uploads.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }));
}
