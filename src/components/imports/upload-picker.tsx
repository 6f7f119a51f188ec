"use client";
// Drag-and-drop or pick files; one row per file with a byte progress bar
// and a cancel button; unfinished uploads from an earlier visit are listed
// so that picking the same file again resumes it. How many files one batch
// may hold is the server's setting (UPLOAD_MAX_FILES), unless a use needs
// fewer (an avatar is one file).
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import { formatBytes, uploadKinds, type UploadKindName } from "@/lib/uploads";
import { useTRPC } from "@/trpc/react";
import { useUploads, type UploadItem } from "./use-uploads";

/** The server's upload limits (a setting, so loaded once per page). */
export function useUploadLimits() {
  const trpc = useTRPC();
  return useQuery(trpc.uploads.limits.queryOptions(undefined, { staleTime: Infinity }));
}

export function UploadPicker(props: {
  kind: UploadKindName;
  /** Fewer files than the server's batch limit (never more: the setting is the cap). */
  maxFiles?: number;
  /** What to offer for a finished upload (e.g. "Start import"). */
  renderDone?: (item: UploadItem) => React.ReactNode;
  onUploaded?: (item: UploadItem) => void;
  /** Whether any file is still being sent (e.g. a form waits for its attachments). */
  onBusyChange?: (busy: boolean) => void;
}) {
  const limits = useUploadLimits();
  const setting = limits.data?.maxFiles;
  // Until the setting is loaded nothing can be added (`ready` is false).
  const maxFiles = setting === undefined ? 0 : Math.min(setting, props.maxFiles ?? setting);
  const ready = setting !== undefined;
  const { items, notice, unfinished, add, cancel, forget } = useUploads({
    kind: props.kind,
    maxFiles,
    onUploaded: props.onUploaded,
  });
  const busy = items.some((i) => i.status === "uploading");
  const onBusyChange = useRef(props.onBusyChange);
  useEffect(() => {
    onBusyChange.current = props.onBusyChange;
  });
  useEffect(() => {
    onBusyChange.current?.(busy);
  }, [busy]);
  // Files given before the setting arrived are added once it has.
  const waiting = useRef<File[]>([]);
  const addFiles = (files: File[]) => {
    if (ready) void add(files);
    else waiting.current.push(...files);
  };
  useEffect(() => {
    if (!ready || waiting.current.length === 0) return;
    const files = waiting.current;
    waiting.current = [];
    void add(files);
  }, [ready, add]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const kind = uploadKinds[props.kind];

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(Array.from(event.dataTransfer.files));
  };

  return (
    <div className="uploader">
      <div
        className={`drop-zone${dragging ? " drop-zone-active" : ""}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          Drop {kind.plural} here, or{" "}
          <button type="button" className="button button-small" disabled={!ready} onClick={() => input.current?.click()}>
            choose files
          </button>
        </p>
        <p className="muted" id={hintId} data-testid="upload-hint">
          {ready ? (
            <>
              Up to {maxFiles} {maxFiles === 1 ? "file" : "files"} at once, {kind.maxBytes / 1024 / 1024} MB each. An interrupted upload goes on where
              it stopped when you pick the same file again.
            </>
          ) : limits.isError ? (
            "The upload limits could not be loaded; reload the page to try again."
          ) : (
            "Loading upload limits…"
          )}
        </p>
        <input
          ref={input}
          type="file"
          multiple
          accept={kind.accept}
          className="visually-hidden"
          aria-label={`Choose ${kind.plural} to upload`}
          aria-describedby={hintId}
          data-testid="file-input"
          onChange={(e) => {
            addFiles(Array.from(e.target.files ?? []));
            e.target.value = "";
          }}
        />
      </div>
      {notice ? (
        <p className="form-alert form-alert-error" role="alert">
          {notice}
        </p>
      ) : null}
      {unfinished.length > 0 ? (
        <div className="unfinished" data-testid="unfinished-uploads">
          <p>Unfinished uploads: choose the same file again to resume.</p>
          <ul>
            {unfinished.map((u) => (
              <li key={u.key}>
                {u.name} {u.size !== null ? <span className="muted">({formatBytes(u.size)})</span> : null}{" "}
                <button type="button" className="button button-quiet button-small" onClick={() => void forget(u)}>
                  Discard
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {items.length > 0 ? (
        <ul className="upload-list" aria-label="Uploads">
          {items.map((item) => (
            <UploadRow key={item.key} item={item} onCancel={() => void cancel(item.key)} done={props.renderDone} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function UploadRow(props: { item: UploadItem; onCancel: () => void; done?: (item: UploadItem) => React.ReactNode }) {
  const { item } = props;
  const percent = item.size > 0 ? Math.floor((item.sent / item.size) * 100) : item.status === "done" ? 100 : 0;
  const statusText =
    item.status === "uploading"
      ? `${formatBytes(item.sent)} of ${formatBytes(item.size)}`
      : item.status === "done"
        ? "Uploaded"
        : item.status === "cancelled"
          ? "Cancelled"
          : (item.error ?? "Failed");
  return (
    <li className={`upload-row upload-${item.status}`} data-testid="upload-row" data-status={item.status}>
      <div className="upload-row-head">
        <strong className="upload-name">{item.name}</strong>
        <span className="upload-percent" data-testid="upload-percent">
          {item.status === "refused" || item.status === "failed" ? "" : `${percent} %`}
        </span>
      </div>
      {item.status === "refused" || item.status === "failed" ? null : (
        <progress
          className="upload-bar"
          max={item.size || 1}
          value={item.sent}
          aria-label={`Upload of ${item.name}`}
          aria-valuetext={`${percent} %`}
        />
      )}
      <div className="upload-row-foot">
        <span role={item.status === "refused" || item.status === "failed" ? "alert" : undefined} className={item.error ? "upload-error" : "muted"} data-testid="upload-status">
          {statusText}
        </span>
        {item.status === "uploading" ? (
          <button type="button" className="button button-small" onClick={props.onCancel} aria-label={`Cancel upload of ${item.name}`}>
            Cancel
          </button>
        ) : null}
        {item.status === "done" && props.done ? props.done(item) : null}
      </div>
    </li>
  );
}
