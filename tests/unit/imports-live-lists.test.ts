// The two live lists of imports: the imports page's datasets
// (`dataset.created` on the owner's channel) and the admins' failed imports
// (`import.failed` on private-admin). A new one goes on top once; an event
// the list already includes, or one about something it already lists, changes nothing.
import { describe, expect, it } from "vitest";
import { failedImportsWithEvent, type FailedImportList } from "@/lib/admin/failed-imports";
import { datasetsWithEvent, type DatasetList } from "@/lib/dataset-list";
import type { DatasetListView, EventEnvelope, FailedImportView } from "@/lib/events";

const at = "2026-12-02T00:00:00.000Z";
const dataset = (id: string): DatasetListView => ({
  id,
  name: `data ${id}`,
  rowCount: null,
  createdAt: at,
  latestProcess: { id: `p-${id}`, workflow: "data-import", datasetId: id, status: "QUEUED", cancelRequested: false, error: null, createdAt: at, finishedAt: null },
});
const created = (id: number, d: DatasetListView) =>
  ({ id, type: "dataset.created", channel: "private-user.u", at, data: { dataset: d } }) as EventEnvelope;
const failure = (processId: string): FailedImportView => ({
  processId,
  datasetId: `d-${processId}`,
  datasetName: "broken",
  owner: { id: "u", name: "Alice" },
  error: "Row 3 has 1 value; the header has 2 columns.",
  failedAt: at,
});
const failed = (id: number, f: FailedImportView) =>
  ({ id, type: "import.failed", channel: "private-admin", at, data: { failure: f } }) as EventEnvelope;

describe("the imports page's datasets", () => {
  const list: DatasetList = { head: 5, items: [{ ...dataset("a"), summary: null }] };

  it("a dataset started elsewhere goes on top, without a summary yet", () => {
    const next = datasetsWithEvent(list, created(6, dataset("b")));
    expect(next).toEqual({ head: 6, items: [{ ...dataset("b"), summary: null }, list.items[0]] });
  });

  it("one the list has (this tab started it and reloaded), or an event it includes, changes nothing but the head", () => {
    expect(datasetsWithEvent(list, created(6, dataset("a")))).toEqual({ ...list, head: 6 });
    expect(datasetsWithEvent(list, created(5, dataset("b")))).toBe(list);
    const other = { id: 7, type: "dataset.updated", channel: "private-user.u", at, data: { dataset: { id: "a", name: "a", status: "RUNNING", rowCount: null } } } as EventEnvelope;
    expect(datasetsWithEvent(list, other)).toEqual({ ...list, head: 7 });
  });
});

describe("the admins' failed imports", () => {
  const list: FailedImportList = { head: 10, items: [failure("p1")] };

  it("a failure goes on top, once", () => {
    const next = failedImportsWithEvent(list, failed(11, failure("p2")));
    expect(next.items.map((f) => f.processId)).toEqual(["p2", "p1"]);
    expect(failedImportsWithEvent(next, failed(11, failure("p2")))).toBe(next);
    expect(failedImportsWithEvent(list, failed(12, failure("p1"))).items).toEqual([failure("p1")]);
  });

  it("keeps the newest 20", () => {
    let state: FailedImportList = { head: 0, items: [] };
    for (let i = 1; i <= 25; i++) state = failedImportsWithEvent(state, failed(i, failure(`p${i}`)));
    expect(state.items).toHaveLength(20);
    expect(state.items[0]!.processId).toBe("p25");
  });
});
