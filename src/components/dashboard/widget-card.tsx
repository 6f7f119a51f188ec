"use client";
// The frame every dashboard widget shares: a title, then loading, error or
// the widget's content.
import type { ReactNode } from "react";
import { errorMessage } from "@/trpc/errors";
import { useDashboardOverview, type Overview } from "./use-dashboard-overview";
import "./dashboard.css";

export function WidgetCard(props: {
  testId: string;
  title: string;
  /** The live content, given the snapshot and its time (use it as a key). */
  children: (overview: Overview, snapshotAt: number) => ReactNode;
}) {
  const { query } = useDashboardOverview();
  const headingId = `${props.testId}-heading`;
  return (
    <section className="card widget" data-testid={props.testId} aria-labelledby={headingId} aria-busy={query.isPending}>
      <h2 id={headingId} className="widget-title">
        {props.title}
      </h2>
      {query.isPending ? (
        <div className="widget-loading" data-testid={`${props.testId}-loading`}>
          <span className="skeleton-line skeleton-line-short" />
          <span className="visually-hidden">Loading…</span>
        </div>
      ) : !query.data ? (
        <div role="alert" data-testid={`${props.testId}-error`}>
          <p className="muted">{errorMessage(query.error)}</p>
          <button type="button" className="button" onClick={() => void query.refetch()}>
            Try again
          </button>
        </div>
      ) : (
        props.children(query.data, query.dataUpdatedAt)
      )}
    </section>
  );
}
