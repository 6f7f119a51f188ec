"use client";
// The tab's one Pusher-protocol connection. pusher-js touches `window` when
// imported, so it is loaded in an effect: never during server rendering.
import type Pusher from "pusher-js";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { PublicRealtimeConfig } from "@/server/realtime/pusher";

/** pusher-js's connection states. */
export type ConnectionState = "initialized" | "connecting" | "connected" | "unavailable" | "failed" | "disconnected";

type RealtimeContextValue = {
  /** Null until pusher-js has loaded (and for signed-out visitors). */
  client: Pusher | null;
  state: ConnectionState;
  /** Whether the tab was connected before: "Reconnecting…" rather than "Connecting…". */
  hasConnected: boolean;
  enabled: boolean;
};

const RealtimeContext = createContext<RealtimeContextValue>({
  client: null,
  state: "initialized",
  hasConnected: false,
  enabled: false,
});

export function RealtimeProvider(props: { config: PublicRealtimeConfig | null; children: ReactNode }) {
  const [client, setClient] = useState<Pusher | null>(null);
  const [state, setState] = useState<ConnectionState>("initialized");
  const [hasConnected, setHasConnected] = useState(false);
  // Primitives, so that a re-rendered layout (a new but equal config object)
  // does not drop and reopen the connection.
  const { key, host, port, forceTLS, cluster } = props.config ?? {};

  useEffect(() => {
    if (!key || !host || !port || !cluster) return;
    let cancelled = false;
    let pusher: Pusher | null = null;
    void import("pusher-js").then(({ default: PusherClient }) => {
      if (cancelled) return;
      pusher = new PusherClient(key, {
        cluster,
        wsHost: host,
        wsPort: port,
        wssPort: port,
        forceTLS: forceTLS ?? false,
        enabledTransports: ["ws", "wss"],
        channelAuthorization: { endpoint: "/api/realtime/auth", transport: "ajax" },
      });
      pusher.connection.bind("state_change", ({ current }: { current: ConnectionState }) => {
        setState(current);
        if (current === "connected") setHasConnected(true);
      });
      setState(pusher.connection.state as ConnectionState);
      setClient(pusher);
    });
    return () => {
      cancelled = true;
      pusher?.disconnect();
      setClient(null);
    };
  }, [key, host, port, forceTLS, cluster]);

  return (
    <RealtimeContext.Provider value={{ client, state, hasConnected, enabled: props.config !== null }}>
      {props.children}
    </RealtimeContext.Provider>
  );
}

export function useRealtime(): RealtimeContextValue {
  return useContext(RealtimeContext);
}
