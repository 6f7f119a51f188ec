"use client";
// The tab's one Pusher-protocol connection. pusher-js touches `window` when
// imported, so it is loaded in an effect: never during server rendering.
//
// It also decides when the tab must catch up: pusher-js resubscribes after
// a reconnect (each subscription then catches up, see useChannelEvents), but
// a tab that slept (laptop lid, phone in the background) may wake with a
// socket that looks open and missed events all the same, so a wake asks
// every subscription to catch up too. All of a window's catch-ups travel in
// one call (CatchUpBatcher).
//
// A signed-in tab signs its connection in as its person (Pusher user
// authentication): when that person loses access to a channel, the server
// closes their sockets (src/server/realtime/end-connections.ts). It closes
// them with a code (4009) that tells pusher-js not to reconnect, so the tab
// reconnects by itself; pusher-js then signs in and subscribes again, and
// the channel-auth route refuses what was lost.
import type Pusher from "pusher-js";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";
import { CatchUpBatcher } from "@/lib/realtime/catch-up-batcher";
import { ChannelAuthBatcher } from "@/lib/realtime/channel-auth-batcher";
import type { CatchUpAnswer } from "@/lib/realtime/channel-sequencer";
import type { PublicRealtimeConfig } from "@/server/realtime/pusher";
import { useTRPCClient } from "@/trpc/react";

// Fetched as this module loads in the browser (before the page hydrates),
// not when the provider's effect runs after it: the connection then opens
// one round trip sooner. Never on the server (pusher-js touches `window`).
const pusherModule = typeof window === "undefined" ? null : import("pusher-js");

/** pusher-js's connection states. */
export type ConnectionState = "initialized" | "connecting" | "connected" | "unavailable" | "failed" | "disconnected";

/** A timer that fires this much later than asked means the tab was asleep. */
const SLEEP_DETECT_MS = 15_000;
const WAKE_CHECK_EVERY_MS = 5_000;

/**
 * After the server closed the connection: at once the first time, then
 * doubling, so that a server refusing every connection (a wrong key, a full
 * quota) is not asked again and again. Reset by every successful connection.
 */
const RECONNECT_FIRST_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;
function reconnectDelay(attempt: number): number {
  return attempt === 0 ? 0 : Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** (attempt - 1));
}

/**
 * pusher-js retries by itself, but an attempt at a server that is down waits
 * out a timeout of 15 s, then 30 s, then 60 s: a Soketi that the start
 * command restarts in two seconds would leave pages "Reconnecting…" for up
 * to a minute. While the tab is not connected, a fresh attempt replaces the
 * stalled one on a shorter schedule (2 s, 4 s, then every 8 s: time enough
 * for a slow network's handshake), with jitter so that every tab does not
 * knock at once when the server is back.
 */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 8_000;
function retryDelay(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt) * (0.75 + Math.random() * 0.25);
}

type RealtimeContextValue = {
  /** Null until pusher-js has loaded (and when live updates are off). */
  client: Pusher | null;
  state: ConnectionState;
  /** Whether the tab was connected before: "Reconnecting…" rather than "Connecting…". */
  hasConnected: boolean;
  /** The browser says there is no network: the socket is closed until it returns. */
  browserOffline: boolean;
  enabled: boolean;
  /** What a channel missed after an id, asked together with the tab's other channels. */
  catchUp: (channel: string, afterId: number) => Promise<CatchUpAnswer>;
  /** Registers a subscription's "catch up now"; returns the way to unregister. */
  onWake: (resync: () => void) => () => void;
};

const RealtimeContext = createContext<RealtimeContextValue>({
  client: null,
  state: "initialized",
  hasConnected: false,
  browserOffline: false,
  enabled: false,
  catchUp: () => Promise.reject(new Error("No realtime provider")),
  onWake: () => () => {},
});

/**
 * A loopback host (the start command's Soketi, 127.0.0.1) means this
 * machine: from a page opened at the network address (a phone on the same
 * network) that is the host the page came from, not the phone itself.
 */
function browserHost(host: string): string {
  return /^(127\.|localhost$|\[?::1\]?$)/.test(host) ? window.location.hostname : host;
}

export function RealtimeProvider(props: {
  config: PublicRealtimeConfig | null;
  /** Whether a person is signed in: their connection then signs in as them. */
  signedIn: boolean;
  children: ReactNode;
}) {
  const [client, setClient] = useState<Pusher | null>(null);
  const [state, setState] = useState<ConnectionState>("initialized");
  const [hasConnected, setHasConnected] = useState(false);
  const [browserOffline, setBrowserOffline] = useState(false);
  const trpcClient = useTRPCClient();
  const wakeListeners = useRef(new Set<() => void>());
  // Set while the tab itself keeps the socket closed (the browser is offline):
  // a disconnection then is not the server's, and is not undone here.
  const closedByTab = useRef(false);
  // Primitives, so that a re-rendered layout (a new but equal config object)
  // does not drop and reopen the connection.
  const { key, host, port, forceTLS, cluster } = props.config ?? {};

  useEffect(() => {
    if (!key || !host || !port || !cluster) return;
    let cancelled = false;
    let pusher: Pusher | null = null;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let freshAttempts = 0;
    let freshAttempt: ReturnType<typeof setTimeout> | undefined;
    // Set while a fresh attempt closes the stalled one: that "disconnected" is ours.
    let restarting = false;
    void (pusherModule ?? import("pusher-js")).then(({ default: PusherClient }) => {
      if (cancelled) return;
      const connection = new PusherClient(key, {
        cluster,
        wsHost: browserHost(host),
        wsPort: port,
        wssPort: port,
        forceTLS: forceTLS ?? false,
        enabledTransports: ["ws", "wss"],
        // One request signs every channel subscribed together (on connecting, or
        // by one page's components): see channel-auth-batcher.ts.
        channelAuthorization: { customHandler: new ChannelAuthBatcher().authorize },
        userAuthentication: { endpoint: "/api/realtime/user-auth", transport: "ajax" },
      });
      pusher = connection;
      connection.connection.bind("state_change", ({ current }: { current: ConnectionState }) => {
        setState(current);
        if (current === "connected") {
          setHasConnected(true);
          attempt = 0;
          freshAttempts = 0;
          clearTimeout(freshAttempt);
          freshAttempt = undefined;
        }
        if (restarting) return;
        if ((current === "connecting" || current === "unavailable") && !freshAttempt) {
          freshAttempt = setTimeout(() => {
            freshAttempt = undefined;
            const now = connection.connection.state;
            if (cancelled || closedByTab.current || (now !== "connecting" && now !== "unavailable")) return;
            restarting = true;
            connection.disconnect();
            restarting = false;
            connection.connect();
          }, retryDelay(freshAttempts++));
        }
        // pusher-js itself retries dropped sockets; "disconnected" without the
        // tab asking means the server closed it for good (4000-4099): the
        // server ended a person's connections, or timed out one that did not
        // sign in. The page keeps working, so it connects again.
        if (current === "disconnected" && !cancelled && !closedByTab.current) {
          clearTimeout(retry);
          retry = setTimeout(() => {
            if (!cancelled && !closedByTab.current && connection.connection.state === "disconnected") connection.connect();
          }, reconnectDelay(attempt++));
        }
      });
      setState(connection.connection.state as ConnectionState);
      setClient(connection);
    });
    return () => {
      cancelled = true;
      clearTimeout(retry);
      clearTimeout(freshAttempt);
      pusher?.disconnect();
      setClient(null);
    };
  }, [key, host, port, forceTLS, cluster]);

  // The browser knows before the socket does: going offline closes it (a
  // half-dead socket would keep the page looking live), coming back opens
  // it, and pusher-js resubscribes, which makes every subscription catch up.
  useEffect(() => {
    if (!client) return;
    const offline = () => {
      setBrowserOffline(true);
      closedByTab.current = true;
      client.disconnect();
    };
    const online = () => {
      setBrowserOffline(false);
      closedByTab.current = false;
      client.connect();
    };
    if (!navigator.onLine) offline();
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
    };
  }, [client]);

  // Signed in (also when it happens in this tab, without a reload): the
  // connection signs in now and again after every reconnect.
  const { signedIn } = props;
  useEffect(() => {
    if (client && signedIn) client.signin();
  }, [client, signedIn]);

  // Waking: a late timer (the tab slept) or the page coming back to view.
  useEffect(() => {
    if (!client) return;
    const wake = () => {
      if (client.connection.state !== "connected") client.connect();
      for (const resync of wakeListeners.current) resync();
    };
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      if (now - last > SLEEP_DETECT_MS) wake();
      last = now;
    }, WAKE_CHECK_EVERY_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible") wake();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [client]);

  const batcher = useMemo(
    () => new CatchUpBatcher((channels) => trpcClient.realtime.catchUpMany.query({ channels })),
    [trpcClient],
  );

  // Stable, so that subscriptions do not restart when the connection state changes.
  const catchUp = useCallback(
    (channel: string, afterId: number) => batcher.request(channel, afterId),
    [batcher],
  );
  const onWake = useCallback((resync: () => void) => {
    const listeners = wakeListeners.current;
    listeners.add(resync);
    return () => void listeners.delete(resync);
  }, []);

  const enabled = props.config !== null;
  const value = useMemo<RealtimeContextValue>(
    () => ({ client, state, hasConnected, browserOffline, enabled, catchUp, onWake }),
    [client, state, hasConnected, browserOffline, enabled, catchUp, onWake],
  );

  return <RealtimeContext.Provider value={value}>{props.children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeContextValue {
  return useContext(RealtimeContext);
}
