// Rows → the views events and queries share (src/lib/events.ts).
import "server-only";
import type { ActivityView, DatasetListView, FailedImportView, ProcessView, StepView } from "@/lib/events";

type ProcessRow = {
  id: string;
  workflow: string;
  datasetId: string;
  status: ProcessView["status"];
  cancelRequestedAt: Date | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

export function toProcessView(p: ProcessRow): ProcessView {
  return {
    id: p.id,
    workflow: p.workflow,
    datasetId: p.datasetId,
    status: p.status,
    cancelRequested: p.cancelRequestedAt !== null,
    error: p.error,
    createdAt: p.createdAt.toISOString(),
    finishedAt: p.finishedAt?.toISOString() ?? null,
  };
}

/** A dataset as the imports page lists it (and `dataset.created` carries it), with its newest run. */
export function toDatasetListView(
  d: { id: string; name: string; rowCount: number | null; createdAt: Date },
  latest: ProcessRow | null,
): DatasetListView {
  return {
    id: d.id,
    name: d.name,
    rowCount: d.rowCount,
    createdAt: d.createdAt.toISOString(),
    latestProcess: latest ? toProcessView(latest) : null,
  };
}

type StepRow = {
  position: number;
  name: string;
  status: StepView["status"];
  done: number;
  total: number | null;
  unit: string;
  error: string | null;
};

export function toStepView(s: StepRow): StepView {
  return { position: s.position, name: s.name, status: s.status, done: s.done, total: s.total, unit: s.unit, error: s.error };
}

export function toActivityView(a: { id: bigint; level: string; message: string; createdAt: Date }): ActivityView {
  return {
    id: a.id.toString(),
    level: a.level === "error" ? "error" : "info",
    message: a.message,
    createdAt: a.createdAt.toISOString(),
  };
}

/** A failed run for the admins' list (and its `import.failed` alert). */
export function toFailedImportView(p: {
  id: string;
  datasetId: string;
  error: string | null;
  finishedAt: Date | null;
  dataset: { name: string };
  owner: { id: string; name: string };
}): FailedImportView {
  return {
    processId: p.id,
    datasetId: p.datasetId,
    datasetName: p.dataset.name,
    owner: { id: p.owner.id, name: p.owner.name },
    error: p.error,
    failedAt: (p.finishedAt ?? new Date(0)).toISOString(),
  };
}
