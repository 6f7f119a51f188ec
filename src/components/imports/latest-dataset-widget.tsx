"use client";
// Dashboard widget: the summary of the newest imported dataset.
// Live: a `dataset.updated` on the owner's channel (an import started or
// ended) loads the summary again; events missed while away are caught up
// from the loaded head, so a finished import shows without a reload.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { channels } from "@/lib/realtime/channel-names";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function LatestDatasetWidget({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.imports.latestSummary.queryOptions(undefined, { staleTime: 0 });
  const query = useQuery(options);
  const reload = async () => (await queryClient.fetchQuery({ ...options, staleTime: 0 })).head;
  useChannelEvents({
    channel: channels.user(userId),
    baselineId: query.data?.head,
    onEvent(event) {
      if (event.type === "dataset.updated") void reload().catch(() => undefined);
    },
    onReset: reload,
  });
  const dataset = query.data?.dataset;
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
      ) : !dataset ? (
        <p className="muted" data-testid="widget-dataset-empty">
          No dataset yet. <Link href="/imports">Import a CSV file</Link>.
        </p>
      ) : (
        <>
          <p data-testid="widget-dataset-name">
            <strong>{dataset.name}</strong>: {dataset.summary.rowCount.toLocaleString("en")} rows,{" "}
            {dataset.summary.columns.length} columns
          </p>
          <ul className="compact-list">
            {dataset.summary.columns.slice(0, 5).map((c) => (
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
