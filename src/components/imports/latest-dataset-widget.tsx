"use client";
// Dashboard widget: the summary of the newest imported dataset (issue 5).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function LatestDatasetWidget() {
  const trpc = useTRPC();
  const query = useQuery(trpc.imports.latestSummary.queryOptions(undefined, { staleTime: 0 }));
  return (
    <section className="card widget" data-testid="widget-dataset" aria-labelledby="widget-dataset-heading" aria-busy={query.isPending}>
      <h2 id="widget-dataset-heading" className="widget-title">
        Latest dataset
      </h2>
      {query.isPending ? (
        <span className="skeleton-line skeleton-line-short" />
      ) : query.error ? (
        <p className="muted" role="alert">
          {errorMessage(query.error)}
        </p>
      ) : !query.data ? (
        <p className="muted">
          No dataset yet. <Link href="/imports">Import a CSV file</Link>.
        </p>
      ) : (
        <>
          <p>
            <strong>{query.data.name}</strong>: {query.data.summary.rowCount.toLocaleString("en")} rows,{" "}
            {query.data.summary.columns.length} columns
          </p>
          <ul className="compact-list">
            {query.data.summary.columns.slice(0, 5).map((c) => (
              <li key={c.name}>
                {c.name} <span className="muted">({c.type})</span>{" "}
                {c.type === "number" && c.min !== undefined
                  ? `${c.min.toLocaleString("en")} – ${c.max?.toLocaleString("en")}, mean ${c.mean?.toLocaleString("en")}`
                  : `${(c.distinct ?? 0).toLocaleString("en")} distinct`}
              </li>
            ))}
          </ul>
          <Link className="card-link" href="/imports">
            All datasets
          </Link>
        </>
      )}
    </section>
  );
}
