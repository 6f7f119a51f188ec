"use client";
// "Connection lost. Reconnecting…": after a few seconds without the live
// connection (at once when the browser reports it is offline), so that a
// blip does not flash a banner, but nobody reads a stale page for long
// without knowing. It goes away by itself when the connection is back.
import { useEffect, useState } from "react";
import { useRealtime } from "./realtime-provider";
import "./connection.css";

/** A disconnection shorter than this goes unannounced (the indicator still shows it). */
const GRACE_MS = 3_000;

export function ConnectionBanner() {
  const { enabled, state, hasConnected, browserOffline } = useRealtime();
  const lost = enabled && (browserOffline || (hasConnected && state !== "connected" && state !== "failed"));
  // Mounted per outage, so each one starts its own grace period.
  return lost ? <LostBanner delayMs={browserOffline ? 0 : GRACE_MS} offline={browserOffline} /> : null;
}

function LostBanner({ delayMs, offline }: { delayMs: number; offline: boolean }) {
  const [due, setDue] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setDue(true), delayMs);
    return () => clearTimeout(timer);
  }, [delayMs]);
  if (!due) return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      <strong>Connection lost. Reconnecting…</strong>{" "}
      <span>
        {offline
          ? "This device is offline; what changes meanwhile will appear when it is back."
          : "What changes meanwhile will appear when the connection is back."}
      </span>
    </div>
  );
}
