// The Pusher-protocol client the server publishes and signs with. Only the
// standard Pusher HTTP API is used, so any compatible server works by settings.
import "server-only";
import http from "node:http";
import https from "node:https";
import Pusher from "pusher";
import { env } from "../env";

export function createPusher(settings = env()) {
  // Kept-alive connections: a new TCP (or TLS) handshake per publish request
  // cost more than the request. The publisher has at most a few requests in
  // flight (its lanes); signing requests send none.
  // An idle connection is let go after 5 s, before the server's own idle
  // timeout (uWebSockets: 10 s) could close it under a request being sent.
  const agent = new (settings.PUSHER_USE_TLS ? https : http).Agent({ keepAlive: true, maxSockets: 8, timeout: 5_000 });
  return new Pusher({
    agent,
    appId: settings.PUSHER_APP_ID,
    key: settings.PUSHER_KEY,
    secret: settings.PUSHER_SECRET,
    host: settings.PUSHER_HOST,
    port: String(settings.PUSHER_PORT),
    useTLS: settings.PUSHER_USE_TLS,
    cluster: settings.PUSHER_CLUSTER,
    timeout: 5_000,
  });
}

const store = globalThis as unknown as { __appPusher?: Pusher };

export function pusher(): Pusher {
  store.__appPusher ??= createPusher();
  return store.__appPusher;
}

/**
 * What went wrong with a call of the Pusher HTTP API, for a person. The SDK's
 * RequestError says only "Request failed with an error", with the HTTP status
 * when there was an answer; when there was none, its cause says "request to
 * <the signed URL> failed, reason: connect ECONNREFUSED ...", of which the
 * reason is what matters.
 */
export function describePusherError(error: unknown): string {
  const { status, error: cause } = (error ?? {}) as { status?: unknown; error?: unknown };
  if (typeof status === "number") return `HTTP ${status}`;
  if (cause instanceof Error) return /, reason: (.*)$/.exec(cause.message)?.[1] ?? cause.message.replace(/\?\S*/, "");
  return error instanceof Error ? error.message : String(error);
}

/** What the browser needs to connect; read at request time, not build time. */
export function publicRealtimeConfig(settings = env()) {
  return {
    key: settings.PUSHER_KEY,
    host: settings.PUSHER_PUBLIC_HOST,
    port: settings.PUSHER_PUBLIC_PORT,
    forceTLS: settings.PUSHER_PUBLIC_TLS,
    cluster: settings.PUSHER_CLUSTER,
  };
}
export type PublicRealtimeConfig = ReturnType<typeof publicRealtimeConfig>;
