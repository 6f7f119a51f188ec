"use client";
// What the live connection is doing, in words: people should know when what
// they see may be out of date.
import { useRealtime, type ConnectionState } from "./realtime-provider";
import "./connection.css";

type Shown = { tone: "live" | "pending" | "offline"; label: string };

function describe(state: ConnectionState, hasConnected: boolean): Shown {
  switch (state) {
    case "connected":
      return { tone: "live", label: "Live" };
    case "initialized":
    case "connecting":
      return { tone: "pending", label: hasConnected ? "Reconnecting…" : "Connecting…" };
    case "failed":
      return { tone: "offline", label: "Live updates are not available in this browser" };
    case "unavailable":
    case "disconnected":
      return { tone: "offline", label: "Offline — changes will appear when the connection returns" };
  }
}

export function ConnectionStatus() {
  const { enabled, state, hasConnected } = useRealtime();
  if (!enabled) return null;
  const shown = describe(state, hasConnected);
  return (
    <p className="connection-status" data-testid="connection-status" data-state={shown.tone} role="status">
      <span className="connection-dot" aria-hidden="true" />
      {shown.label}
    </p>
  );
}
