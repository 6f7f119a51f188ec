"use client";
// The imports page: upload CSV files, start an import from each, follow the
// runs live, and see the datasets with their summaries. Everything shown is
// loaded from the server, so a reload recovers it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { LoadError } from "@/components/ui/load-error";
import { datasetsWithEvent } from "@/lib/dataset-list";
import type { DatasetSummary } from "@/lib/imports";
import { formatBytes } from "@/lib/uploads";
import { channels } from "@/lib/realtime/channel-names";
import { errorMessage } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { ProcessWidget } from "./process-widget";
import { UploadPicker } from "./upload-picker";
import type { UploadItem } from "./use-uploads";

type Dataset = RouterOutputs["imports"]["datasets"]["items"][number];

export function ImportsPage(props: { userId: string; openProcessId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const datasetsOptions = trpc.imports.datasets.queryOptions();
  const datasets = useQuery(datasetsOptions);
  const pending = useQuery(trpc.imports.pendingUploads.queryOptions());
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.imports.datasets.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.imports.pendingUploads.queryKey() });
  }, [queryClient, trpc]);
  // Imports started in another tab or through the API: the owner's channel
  // carries each new dataset with its run, added on top (once, by id).
  useChannelEvents({
    channel: channels.user(props.userId),
    baselineId: datasets.data?.head,
    onEvent(event) {
      queryClient.setQueryData(datasetsOptions.queryKey, (list) => list && datasetsWithEvent(list, event));
      // Its upload is no longer waiting to be imported (that list is small and carries no event of its own).
      if (event.type === "dataset.created") void queryClient.invalidateQueries({ queryKey: trpc.imports.pendingUploads.queryKey() });
    },
    async onReset() {
      return (await queryClient.fetchQuery({ ...datasetsOptions, staleTime: 0 })).head;
    },
  });

  return (
    <div className="imports">
      <section className="card" aria-labelledby="upload-heading">
        <h2 id="upload-heading">Upload CSV files</h2>
        <UploadPicker
          kind="csv"
          onUploaded={refresh}
          renderDone={(item: UploadItem) => (item.uploadId ? <StartImportButton uploadId={item.uploadId} onStarted={refresh} /> : null)}
        />
        {pending.data && pending.data.length > 0 ? (
          <div className="pending-uploads">
            <h3>Uploaded, not imported yet</h3>
            <ul>
              {pending.data.map((u) => (
                <li key={u.id}>
                  {u.fileName} <span className="muted">({formatBytes(u.size)})</span> <StartImportButton uploadId={u.id} onStarted={refresh} />
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="datasets-heading">
        <h2 id="datasets-heading">Datasets</h2>
        {datasets.isPending ? (
          <div aria-busy="true">
            <span className="skeleton-line" />
            <span className="visually-hidden">Loading datasets…</span>
          </div>
        ) : !datasets.data ? (
          <LoadError what="your datasets" error={datasets.error} onRetry={() => void datasets.refetch()} />
        ) : datasets.data.items.length === 0 ? (
          <p className="muted" data-testid="no-datasets">
            No datasets yet: upload a CSV file and start an import.
          </p>
        ) : (
          <ul className="dataset-list" data-testid="dataset-list">
            {datasets.data.items.map((d) => (
              <DatasetItem key={d.id} dataset={d} open={d.latestProcess?.id === props.openProcessId} onFinished={refresh} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function StartImportButton(props: { uploadId: string; onStarted: () => void }) {
  const trpc = useTRPC();
  const start = useMutation(trpc.imports.start.mutationOptions({ onSuccess: props.onStarted }));
  if (start.isSuccess) return <span className="muted">Import started</span>;
  return (
    <>
      <button
        type="button"
        className="button button-primary button-small"
        disabled={start.isPending}
        onClick={() => start.mutate({ uploadId: props.uploadId })}
      >
        {start.isPending ? "Starting…" : "Start import"}
      </button>
      {start.error ? (
        <span className="upload-error" role="alert">
          {errorMessage(start.error)}
        </span>
      ) : null}
    </>
  );
}

function DatasetItem(props: { dataset: Dataset; open: boolean; onFinished: () => void }) {
  const { dataset } = props;
  const process = dataset.latestProcess;
  const active = process?.status === "QUEUED" || process?.status === "RUNNING";
  // A run watched while it ran stays open after it ends; finished ones open on demand.
  const [showDetails, setShowDetails] = useState(props.open || active);
  return (
    <li className="dataset" data-testid="dataset" data-name={dataset.name}>
      <div className="dataset-head">
        <strong>{dataset.name}</strong>
        <span className="muted">
          {dataset.rowCount !== null ? `${dataset.rowCount.toLocaleString("en")} rows` : (process?.status.toLowerCase() ?? "")}
        </span>
        {process && !active ? (
          <button type="button" className="button button-quiet button-small" aria-expanded={showDetails} onClick={() => setShowDetails((v) => !v)}>
            {showDetails ? "Hide run" : "Show run"}
          </button>
        ) : null}
      </div>
      {process && (active || showDetails) ? <ProcessWidget processId={process.id} onFinished={props.onFinished} /> : null}
      {dataset.summary ? <SummaryTable summary={dataset.summary} /> : null}
    </li>
  );
}

function SummaryTable({ summary }: { summary: DatasetSummary }) {
  const fmt = (n: number | undefined) => (n === undefined ? "" : n.toLocaleString("en", { maximumFractionDigits: 3 }));
  return (
    <table className="summary-table" data-testid="dataset-summary">
      <caption className="visually-hidden">Column summary</caption>
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Type</th>
          <th scope="col">Filled</th>
          <th scope="col">Min</th>
          <th scope="col">Max</th>
          <th scope="col">Mean</th>
          <th scope="col">Distinct</th>
        </tr>
      </thead>
      <tbody>
        {summary.columns.map((c) => (
          <tr key={c.name}>
            <th scope="row">{c.name}</th>
            <td>{c.type}</td>
            <td>{fmt(c.filled)}</td>
            <td>{fmt(c.min)}</td>
            <td>{fmt(c.max)}</td>
            <td>{fmt(c.mean)}</td>
            <td>{fmt(c.distinct)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
