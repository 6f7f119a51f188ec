"use client";
// "5 minutes ago", kept current while the page stays open.
import { useEffect, useState } from "react";
import { formatDateTime, formatRelativeTime } from "@/lib/format/relative-time";

export function RelativeTime(props: { iso: string }) {
  const now = useNow(30_000);
  return (
    // The server renders a moment earlier than the browser hydrates: the
    // text may differ by a minute, and that is fine.
    <time dateTime={props.iso} title={formatDateTime(props.iso)} suppressHydrationWarning>
      {formatRelativeTime(props.iso, now)}
    </time>
  );
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
