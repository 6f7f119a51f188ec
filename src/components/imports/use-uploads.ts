"use client";
// Resumable uploads with tus-js-client: byte progress per file, cancel
// (which deletes what the server received), automatic retries after a
// dropped connection, and resume after a reload: the browser remembers each
// unfinished upload's URL by the file's fingerprint, so picking the same
// file again goes on from the server's offset instead of sending it again.
import { useCallback, useEffect, useRef, useState } from "react";
import type { DetailedError, Upload as TusUpload } from "tus-js-client";
import { aKind, uploadIdFromUrl, uploadKinds, UPLOAD_ENDPOINT, type UploadKindName } from "@/lib/uploads";

export type UploadItem = {
  key: string;
  name: string;
  size: number;
  sent: number;
  status: "uploading" | "done" | "failed" | "cancelled" | "refused";
  /** The server's upload id once done. */
  uploadId: string | null;
  error: string | null;
  /** Bytes the server already had when this upload started (a resume). */
  resumedFrom: number;
};

export type Unfinished = { key: string; name: string; size: number | null; since: string };

const CHUNK_BYTES = 1024 * 1024;

/** A message a person understands from what tus-js-client reports. */
function describeUploadError(error: Error): string {
  const response = (error as DetailedError).originalResponse;
  if (response) {
    const status = response.getStatus();
    const body = response.getBody()?.trim();
    if (status >= 400 && status < 500 && body) return body;
    if (status === 401) return "Sign in again to upload.";
  }
  return "The upload failed: the server could not be reached. Try again.";
}

function hasExtension(name: string, kind: UploadKindName): boolean {
  const lower = name.toLowerCase();
  return uploadKinds[kind].extensions.some((ext) => lower.endsWith(ext));
}

export function useUploads(options: { kind: UploadKindName; maxFiles: number; onUploaded?: (item: UploadItem) => void }) {
  const { kind, maxFiles } = options;
  const [items, setItems] = useState<UploadItem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [unfinished, setUnfinished] = useState<Unfinished[]>([]);
  const uploads = useRef(new Map<string, TusUpload>());
  const onUploaded = useRef(options.onUploaded);
  useEffect(() => {
    onUploaded.current = options.onUploaded;
  });

  const update = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const refreshUnfinished = useCallback(async () => {
    const tus = await import("tus-js-client");
    const previous = await tus.defaultOptions.urlStorage.findAllUploads().catch(() => []);
    setUnfinished(
      previous
        .filter((p) => p.metadata.kind === kind)
        .map((p) => ({ key: p.urlStorageKey, name: p.metadata.filename ?? "file", size: p.size, since: p.creationTime })),
    );
  }, [kind]);

  useEffect(() => {
    // tus-js-client reads browser storage: only after mounting (a timer,
    // so the list arrives as its own update, after the first paint).
    const timer = setTimeout(() => void refreshUnfinished(), 0);
    return () => clearTimeout(timer);
  }, [refreshUnfinished]);

  const add = useCallback(
    async (files: File[]) => {
      setNotice(null);
      const active = items.filter((i) => i.status === "uploading").length;
      const room = Math.max(0, maxFiles - active);
      const accepted: File[] = [];
      const refused: UploadItem[] = [];
      for (const file of files) {
        const base = { key: crypto.randomUUID(), name: file.name, size: file.size, sent: 0, uploadId: null, resumedFrom: 0 };
        if (!hasExtension(file.name, kind)) {
          refused.push({ ...base, status: "refused", error: `${file.name} is not ${aKind(kind)}.` });
        } else if (file.size > uploadKinds[kind].maxBytes) {
          refused.push({
            ...base,
            status: "refused",
            error: `${file.name} is too large: ${aKind(kind)} may be at most ${uploadKinds[kind].maxBytes / 1024 / 1024} MB.`,
          });
        } else if (accepted.length < room) {
          accepted.push(file);
        }
      }
      const skipped = files.length - refused.length - accepted.length;
      if (skipped > 0) setNotice(`Up to ${maxFiles} files at once: ${skipped} ${skipped === 1 ? "was" : "were"} not added.`);

      const tus = await import("tus-js-client");
      const started: UploadItem[] = accepted.map((file) => ({
        key: crypto.randomUUID(),
        name: file.name,
        size: file.size,
        sent: 0,
        status: "uploading",
        uploadId: null,
        error: null,
        resumedFrom: 0,
      }));
      setItems((list) => [...started, ...refused, ...list]);

      accepted.forEach((file, i) => {
        const key = started[i]!.key;
        const upload = new tus.Upload(file, {
          endpoint: UPLOAD_ENDPOINT,
          chunkSize: CHUNK_BYTES,
          retryDelays: [0, 1000, 3000, 5000, 10000],
          metadata: { filename: file.name, filetype: file.type, kind },
          removeFingerprintOnSuccess: true,
          onProgress: (sent) => update(key, { sent }),
          onSuccess: () => {
            uploads.current.delete(key);
            const done = { ...started[i]!, status: "done" as const, sent: file.size, uploadId: uploadIdFromUrl(upload.url ?? "") };
            update(key, done);
            onUploaded.current?.(done);
            void refreshUnfinished();
          },
          onError: (error) => {
            uploads.current.delete(key);
            update(key, { status: "failed", error: describeUploadError(error) });
            void refreshUnfinished();
          },
        });
        uploads.current.set(key, upload);
        void upload.findPreviousUploads().then((previous) => {
          const last = previous.at(-1);
          if (last) {
            upload.resumeFromPreviousUpload(last);
          }
          upload.start();
          void refreshUnfinished();
        });
      });
    },
    [items, kind, maxFiles, refreshUnfinished, update],
  );

  const cancel = useCallback(
    async (key: string) => {
      const upload = uploads.current.get(key);
      uploads.current.delete(key);
      update(key, { status: "cancelled" });
      // `true` also asks the server to delete what it received.
      await upload?.abort(true).catch(() => undefined);
      void refreshUnfinished();
    },
    [refreshUnfinished, update],
  );

  const forget = useCallback(
    async (entry: Unfinished) => {
      const tus = await import("tus-js-client");
      const previous = (await tus.defaultOptions.urlStorage.findAllUploads()).find((p) => p.urlStorageKey === entry.key);
      if (previous?.uploadUrl) await tus.Upload.terminate(previous.uploadUrl).catch(() => undefined);
      await tus.defaultOptions.urlStorage.removeUpload(entry.key);
      await refreshUnfinished();
    },
    [refreshUnfinished],
  );

  // Leaving the page pauses uploads (they resume when the file is picked again).
  useEffect(() => {
    const current = uploads.current;
    return () => {
      for (const upload of current.values()) void upload.abort(false);
    };
  }, []);

  return { items, notice, unfinished, add, cancel, forget };
}
