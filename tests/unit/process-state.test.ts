// The progress widget's reducer: events move a run's steps forward, a
// replayed event changes nothing, and progress never goes back.
import { describe, expect, it } from "vitest";
import type { EventEnvelope, StepView } from "@/lib/events";
import { overallPercent } from "@/lib/imports";
import { processWithEvent, type ProcessState } from "@/lib/process-state";

const step = (position: number, change: Partial<StepView> = {}): StepView => ({
  position,
  name: ["validate", "parse", "import", "summarize"][position]!,
  status: "WAITING",
  done: 0,
  total: null,
  unit: "rows",
  error: null,
  ...change,
});

const initial: ProcessState = {
  process: { id: "p1", workflow: "data-import", datasetId: "d1", status: "QUEUED", cancelRequested: false, error: null, createdAt: "2026-01-01T00:00:00.000Z", finishedAt: null },
  datasetName: "d",
  steps: [0, 1, 2, 3].map((i) => step(i)),
  activities: [],
  head: 0,
};

let seq = 0;
const ev = (type: string, data: unknown) => ({ id: ++seq, type, channel: "private-process.p1", at: "", data }) as EventEnvelope;

describe("processWithEvent", () => {
  it("applies started, progress, completed and finished; replays and stale progress change nothing", () => {
    let s = processWithEvent(initial, ev("step.started", { processId: "p1", step: step(0, { status: "RUNNING", total: 100 }) }));
    expect(s.process.status).toBe("RUNNING");
    s = processWithEvent(s, ev("step.progress", { processId: "p1", position: 0, done: 60, total: 100 }));
    expect(s.steps[0]).toMatchObject({ status: "RUNNING", done: 60 });
    expect(overallPercent(s.steps)).toBe(15);
    s = processWithEvent(s, ev("step.progress", { processId: "p1", position: 0, done: 40, total: 100 }));
    expect(s.steps[0]!.done).toBe(60);
    const activity = ev("process.activity", { processId: "p1", activity: { id: "1", level: "info", message: "hi", createdAt: "" } });
    s = processWithEvent(processWithEvent(s, activity), activity);
    expect(s.activities).toHaveLength(1);
    s = processWithEvent(s, ev("step.completed", { processId: "p1", step: step(0, { status: "COMPLETED", done: 100, total: 100 }) }));
    // Progress for a step that is no longer running is ignored.
    s = processWithEvent(s, ev("step.progress", { processId: "p1", position: 0, done: 10, total: 100 }));
    expect(s.steps[0]).toMatchObject({ status: "COMPLETED", done: 100 });
    expect(overallPercent(s.steps)).toBe(25);
    s = processWithEvent(s, ev("process.finished", { processId: "p1", status: "CANCELLED", error: null, finishedAt: "x" }));
    expect(s.process).toMatchObject({ status: "CANCELLED", finishedAt: "x" });
    expect(s.head).toBe(seq);
  });
});
