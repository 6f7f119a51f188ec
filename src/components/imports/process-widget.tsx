"use client";
// One import run, live: each step (waiting, running with its percentage,
// done, failed), the overall percentage, the activity log and a cancel
// button. Loads the state from the database, then applies the events of
// private-process.<id>; a reload or reconnect recovers the same state.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import type { StepView } from "@/lib/events";
import { importSteps, overallPercent } from "@/lib/imports";
import { processWithEvent } from "@/lib/process-state";
import { formatBytes } from "@/lib/uploads";
import { channels } from "@/lib/realtime/channel-names";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

const statusLabel = {
  QUEUED: "Queued",
  RUNNING: "Running",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
} as const;

function stepPercent(step: StepView): number {
  if (step.status === "COMPLETED") return 100;
  if (!step.total) return 0;
  return Math.min(100, Math.floor((step.done / step.total) * 100));
}

function stepDetail(step: StepView): string {
  if (step.total === null) return "";
  const fmt = (n: number) => (step.unit === "bytes" ? formatBytes(n) : n.toLocaleString("en"));
  return `${fmt(step.done)} of ${fmt(step.total)}${step.unit === "bytes" ? "" : ` ${step.unit}`}`;
}

export function ProcessWidget(props: { processId: string; onFinished?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.imports.process.queryOptions({ processId: props.processId });
  const query = useQuery(options);
  const cancel = useMutation(trpc.imports.cancel.mutationOptions());
  const status = query.data?.process.status;
  const finishedRef = useRef(status);
  const onFinished = props.onFinished;

  useEffect(() => {
    const was = finishedRef.current;
    finishedRef.current = status;
    if ((was === "QUEUED" || was === "RUNNING") && status && status !== "QUEUED" && status !== "RUNNING") onFinished?.();
  }, [status, onFinished]);

  useChannelEvents({
    channel: channels.process(props.processId),
    baselineId: query.data?.head,
    onEvent(event) {
      queryClient.setQueryData(options.queryKey, (data) => data && processWithEvent(data, event));
    },
    async onReset() {
      return (await queryClient.fetchQuery({ ...options, staleTime: 0 })).head;
    },
  });

  if (query.isPending) {
    return (
      <div className="process-widget" aria-busy="true">
        <span className="skeleton-line skeleton-line-short" />
        <span className="visually-hidden">Loading the import…</span>
      </div>
    );
  }
  if (!query.data) {
    return (
      <div className="process-widget" role="alert">
        <p className="muted">{errorMessage(query.error)}</p>
        <button type="button" className="button button-small" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }

  const { process, steps, activities } = query.data;
  const overall = process.status === "COMPLETED" ? 100 : overallPercent(steps);
  const active = process.status === "QUEUED" || process.status === "RUNNING";
  return (
    <section className="process-widget" data-testid="process-widget" data-status={process.status} aria-label={`Import of ${query.data.datasetName}`}>
      <div className="process-head">
        <span className={`process-status process-${process.status.toLowerCase()}`} data-testid="process-status">
          {statusLabel[process.status]}
          {active && process.cancelRequested ? " (cancelling…)" : ""}
        </span>
        <span className="process-overall" data-testid="process-overall">
          {overall} %
        </span>
        {active ? (
          <button
            type="button"
            className="button button-small"
            disabled={process.cancelRequested || cancel.isPending}
            onClick={() => cancel.mutate({ processId: process.id })}
          >
            Cancel import
          </button>
        ) : null}
      </div>
      <progress className="process-bar" max={100} value={overall} aria-label="Overall progress" aria-valuetext={`${overall} %`} />
      {cancel.error ? (
        <p className="upload-error" role="alert">
          {errorMessage(cancel.error)}
        </p>
      ) : null}
      {process.error ? (
        <p className="upload-error" role="alert" data-testid="process-error">
          {process.error}
        </p>
      ) : null}
      <ol className="step-list">
        {steps.map((step) => {
          const label = importSteps[step.position]?.label ?? step.name;
          const percent = stepPercent(step);
          return (
            <li key={step.position} className={`step step-${step.status.toLowerCase()}`} data-testid={`step-${step.name}`} data-status={step.status}>
              <span className="step-icon" aria-hidden="true">
                {step.status === "COMPLETED" ? "✓" : step.status === "FAILED" ? "✕" : step.status === "CANCELLED" ? "–" : step.status === "RUNNING" ? "…" : "○"}
              </span>
              <span className="step-label">{label}</span>
              <span className="step-state">
                {step.status === "RUNNING"
                  ? `${percent} %`
                  : step.status === "WAITING"
                    ? "Waiting"
                    : step.status === "COMPLETED"
                      ? "Done"
                      : step.status === "FAILED"
                        ? "Failed"
                        : "Cancelled"}
              </span>
              {step.status === "RUNNING" || step.status === "COMPLETED" ? (
                <span className="step-detail muted">{stepDetail(step)}</span>
              ) : null}
              {step.status === "FAILED" && step.error ? <span className="step-detail upload-error">{step.error}</span> : null}
            </li>
          );
        })}
      </ol>
      <details className="activity-log">
        <summary>Activity ({activities.length})</summary>
        <ol data-testid="activity-log">
          {activities.map((a) => (
            <li key={a.id} className={a.level === "error" ? "upload-error" : undefined}>
              <time dateTime={a.createdAt}>{new Date(a.createdAt).toLocaleTimeString()}</time> {a.message}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
