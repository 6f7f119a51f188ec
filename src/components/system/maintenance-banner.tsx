"use client";
// The maintenance banner on every page, signed in or not: the windows that
// have not ended come with the page, new and cancelled ones arrive on the
// public `system` channel, and a timer shows each at its start and hides it
// at its end, by the server's clock (a visitor's clock may be off).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import type { MaintenanceWindowView } from "@/lib/events";
import { activeWindows, maintenanceWithEvent, nextBoundary } from "@/lib/system/maintenance";
import { channels } from "@/lib/realtime/channel-names";
import { useTRPC } from "@/trpc/react";

/** Longest a timer waits before looking again (browsers cap timers near 24.8 days). */
const MAX_WAIT_MS = 60 * 60 * 1000;

export function MaintenanceBanner() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.system.maintenance.queryOptions(undefined, { staleTime: Infinity, refetchOnWindowFocus: false });
  const query = useQuery(options);

  useChannelEvents({
    channel: channels.system(),
    baselineId: query.data?.head,
    onEvent(event) {
      queryClient.setQueryData(options.queryKey, (data) => data && maintenanceWithEvent(data, event));
    },
    async onReset() {
      const fresh = await queryClient.fetchQuery({ ...options, staleTime: 0 });
      return fresh.head;
    },
  });

  const windows = query.data?.windows ?? NONE;
  const now = useServerClock(query.data?.serverNow, windows);
  const active = now === null ? NONE : activeWindows(windows, now);
  if (active.length === 0) return null;
  return (
    <div className="maintenance-banner" role="status" data-testid="maintenance-banner">
      {active.map((w) => (
        <p key={w.id}>
          <strong>Maintenance:</strong> {w.message}{" "}
          <span className="muted">
            (until {new Date(w.endsAt).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })})
          </span>
        </p>
      ))}
    </div>
  );
}

const NONE: readonly MaintenanceWindowView[] = [];

/**
 * The server's time, as of the last start or end of a window (or change of
 * the windows): the page re-renders exactly when what it shows changes.
 * The first render uses the server's answer's own time, so a server-rendered
 * page already shows a window that is on.
 */
function useServerClock(serverNowIso: string | undefined, windows: readonly MaintenanceWindowView[]): number | null {
  const [now, setNow] = useState(() => (serverNowIso ? Date.parse(serverNowIso) : null));
  // The server's clock minus this one's, measured when the answer came.
  const offset = useRef<number | null>(null);
  useEffect(() => {
    if (serverNowIso) offset.current = Date.parse(serverNowIso) - Date.now();
  }, [serverNowIso]);

  useEffect(() => {
    if (!serverNowIso) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const current = Date.now() + (offset.current ?? 0);
      setNow(current);
      const next = nextBoundary(windows, current);
      if (next !== null) timer = setTimeout(tick, Math.min(next - current + 50, MAX_WAIT_MS));
    };
    timer = setTimeout(tick, 0);
    return () => clearTimeout(timer);
  }, [serverNowIso, windows]);
  return now;
}
