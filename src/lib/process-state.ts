// A run's state in the browser, and how each event of private-process.<id>
// changes it. Idempotent: an event the state already includes changes
// nothing (catch-up after a reload may replay it).
import type { ActivityView, EventEnvelope, ProcessView, StepView } from "./events";

export type ProcessState = {
  process: ProcessView;
  datasetName: string;
  steps: StepView[];
  activities: ActivityView[];
  head: number;
};

const ACTIVITY_KEPT = 200;

function replaceStep(steps: StepView[], step: StepView): StepView[] {
  return steps.map((s) => (s.position === step.position ? step : s));
}

export function processWithEvent(state: ProcessState, event: EventEnvelope): ProcessState {
  const next = { ...state, head: Math.max(state.head, event.id) };
  switch (event.type) {
    case "step.started":
    case "step.completed":
    case "step.failed":
      return {
        ...next,
        process: state.process.status === "QUEUED" ? { ...state.process, status: "RUNNING" } : state.process,
        steps: replaceStep(state.steps, event.data.step),
      };
    case "step.progress": {
      const { position, done, total } = event.data;
      return {
        ...next,
        steps: state.steps.map((s) =>
          s.position === position && s.status === "RUNNING" && done >= s.done ? { ...s, done, total } : s,
        ),
      };
    }
    case "process.activity":
      if (state.activities.some((a) => a.id === event.data.activity.id)) return next;
      return { ...next, activities: [...state.activities, event.data.activity].slice(-ACTIVITY_KEPT) };
    case "process.finished":
      return {
        ...next,
        process: { ...state.process, status: event.data.status, error: event.data.error, finishedAt: event.data.finishedAt },
      };
    default:
      return next;
  }
}
