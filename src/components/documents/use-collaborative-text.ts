"use client";
// The editor's connection to the document: an OtClient (src/lib/documents)
// fed by the document's channel, and a sender that keeps the one op in
// flight going until the channel brings it back as acknowledged.
//
// Offline: local edits keep applying and queue in the client; a failed send
// is retried with backoff and at once when the connection returns, with the
// same (clientId, clientSeq), so a send that did reach the server is not
// applied twice. Ops missed while away come through the channel's catch-up
// (or, after a long absence, `documents.operationsSince`). Past the edit rate
// limit, edits keep queueing locally and are sent once the server's
// retry-after has passed.
import type { EventData } from "@/lib/events";
import { useCallback, useEffect, useRef, useState } from "react";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { OtClient, VersionGapError, type ServerOp } from "@/lib/documents/ot-client";
import type { TextOp } from "@/lib/documents/text-ot";
import { channels } from "@/lib/realtime/channel-names";
import { TRPCClientError } from "@trpc/client";
import { errorMessage } from "@/trpc/errors";
import { useTRPCClient } from "@/trpc/react";

export type LoadedDocument = { id: string; text: string; version: number; head: number };

export type SyncStatus = "saved" | "saving" | "offline" | "limited" | "error";

/** A remote op as applied to the local text (for the textarea's selection and others' cursors). */
export type RemoteChange = { op: TextOp; text: string };

function newClientId(): string {
  return crypto.randomUUID();
}

/** Milliseconds the server asked to wait (a rate limit), or null. */
function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { code?: string; retryAfterSeconds?: number | null } | undefined;
  return data?.code === "TOO_MANY_REQUESTS" ? Math.max(1, data.retryAfterSeconds ?? 1) * 1000 : null;
}

/** Whether the server refused the op itself (retrying would not help). */
function isRefusal(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const code = (error.data as { code?: string } | undefined)?.code;
  return code === "BAD_REQUEST" || code === "CONFLICT" || code === "FORBIDDEN" || code === "NOT_FOUND";
}

export function useCollaborativeText(options: {
  doc: LoadedDocument;
  onRemoteChange: (change: RemoteChange) => void;
  /** The server refused an edit: the editor must start again from the stored document. */
  onRefused: (message: string) => void;
  /** Someone answered an invitation to this document (the owner's share panel follows). */
  onInvitationAnswered?: (invitation: EventData<"invitation.answered">["invitation"]) => void;
}) {
  const { doc } = options;
  const trpc = useTRPCClient();
  const { state: connection } = useRealtime();
  const clientRef = useRef<OtClient | null>(null);
  if (clientRef.current === null) {
    clientRef.current = new OtClient({ clientId: newClientId(), text: doc.text, version: doc.version });
  }
  const client = clientRef.current;
  const [text, setText] = useState(doc.text);
  const [version, setVersion] = useState(doc.version);
  const [status, setStatus] = useState<SyncStatus>("saved");
  const [lastError, setLastError] = useState<string | null>(null);
  const onRemoteChange = useRef(options.onRemoteChange);
  const onRefused = useRef(options.onRefused);
  useEffect(() => {
    onRemoteChange.current = options.onRemoteChange;
    onRefused.current = options.onRefused;
  });

  const sender = useRef({ busy: false, sentSeq: 0, attempt: 0, timer: null as ReturnType<typeof setTimeout> | null });
  const pulling = useRef(false);
  const disposed = useRef(false);

  const publish = useCallback(() => {
    setText(client.text);
    setVersion(client.version);
    setStatus((s) => (client.state === "synced" ? "saved" : s === "offline" || s === "limited" || s === "error" ? s : "saving"));
  }, [client]);

  const applyServerOps = useCallback(
    (ops: readonly ServerOp[]) => {
      for (const op of ops) {
        const before = client.text;
        const result = client.applyServer(op);
        if (result.kind === "remote" && client.text !== before) {
          onRemoteChange.current({ op: result.op, text: client.text });
        }
        if (result.kind === "ack") {
          sender.current.sentSeq = 0;
          sender.current.attempt = 0;
        }
      }
      publish();
    },
    [client, publish],
  );

  /** Fetches every op after the local version from the log (gaps, long absences). */
  const pull = useCallback(async (): Promise<number> => {
    let head = 0;
    for (;;) {
      const answer = await trpc.documents.operationsSince.query({ id: doc.id, afterVersion: client.version });
      head = answer.head;
      applyServerOps(answer.ops);
      if (!answer.more) return head;
    }
  }, [trpc, doc.id, client, applyServerOps]);

  const pullSoon = useCallback(() => {
    if (pulling.current) return;
    pulling.current = true;
    void pull()
      .catch((error: unknown) => console.warn("[documents] catch-up failed:", error))
      .finally(() => {
        pulling.current = false;
      });
  }, [pull]);

  const send = useCallback(() => {
    const s = sender.current;
    if (s.busy || disposed.current) return;
    const out = client.outgoing();
    if (!out || out.clientSeq === s.sentSeq) return; // nothing, or sent and waiting for its ack
    s.busy = true;
    setStatus("saving");
    trpc.documents.submit
      .mutate({ id: doc.id, ...out, clientId: client.clientId })
      .then(() => {
        s.sentSeq = out.clientSeq;
        s.attempt = 0;
        setLastError(null);
        // The ack comes on the channel; if it is slow (publisher catching
        // up), read the log instead of waiting.
        setTimeout(() => {
          if (!disposed.current && client.outgoing()?.clientSeq === out.clientSeq) pullSoon();
        }, 2_000);
      })
      .catch((error: unknown) => {
        if (isRefusal(error)) {
          setStatus("error");
          onRefused.current(errorMessage(error));
          return;
        }
        const limited = retryAfterMs(error);
        // Offline or the server is unreachable: try again, sooner when the
        // connection comes back (see the effect below). Rate limited: when
        // the server said.
        setStatus(limited ? "limited" : "offline");
        setLastError(errorMessage(error));
        const delay = limited ?? Math.min(500 * 2 ** s.attempt++, 10_000);
        if (s.timer) clearTimeout(s.timer);
        s.timer = setTimeout(() => {
          s.timer = null;
          send();
        }, delay);
      })
      .finally(() => {
        s.busy = false;
        if (client.outgoing() && client.outgoing()?.clientSeq !== s.sentSeq && !s.timer) send();
      });
  }, [client, trpc, doc.id, pullSoon]);

  /** A local edit (already in the textarea): apply and send. */
  const applyLocal = useCallback(
    (op: TextOp) => {
      client.applyLocal(op);
      publish();
      send();
    },
    [client, publish, send],
  );

  useChannelEvents({
    channel: channels.doc(doc.id),
    baselineId: doc.head,
    onEvent(event) {
      if (event.type === "invitation.answered") options.onInvitationAnswered?.(event.data.invitation);
      if (event.type !== "document.op") return;
      try {
        applyServerOps([event.data]);
      } catch (error) {
        if (error instanceof VersionGapError) pullSoon();
        else throw error;
      }
      send(); // an ack frees the next buffered op
    },
    async onReset() {
      return pull();
    },
  });

  // Back online: resend what may have been lost, and stop waiting politely.
  useEffect(() => {
    if (connection !== "connected") return;
    const s = sender.current;
    s.sentSeq = 0;
    s.attempt = 0;
    if (s.timer) {
      clearTimeout(s.timer);
      s.timer = null;
    }
    send();
  }, [connection, send]);

  useEffect(() => {
    const online = () => {
      sender.current.sentSeq = 0;
      send();
    };
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [send]);

  useEffect(() => {
    disposed.current = false;
    const s = sender.current;
    return () => {
      disposed.current = true;
      if (s.timer) clearTimeout(s.timer);
    };
  }, []);

  return { client, text, version, status, lastError, applyLocal };
}
