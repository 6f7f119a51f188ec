// The Pusher-protocol client the server publishes and signs with. Only the
// standard Pusher HTTP API is used, so any compatible server works by settings.
import "server-only";
import http from "node:http";
import https from "node:https";
import Pusher from "pusher";
import { env } from "../env";

/** The SDK's settings, as its requests read them (not in its type declarations). */
type SdkConfig = { scheme: string; host: string; port?: string; agent?: http.Agent; timeout?: number; prefixPath(path: string): string };

/**
 * The SDK, with the publisher's batch request sent by node's http.request.
 * The SDK sends each request through node-fetch: a Request, Headers, a parsed
 * URL, a PassThrough stream and an AbortController per request, 8% of the
 * app's CPU in `npm run bench` (docs/benchmarks.md). The request is the same
 * one, signed by the SDK, on its kept-alive agent.
 */
export class AppPusher extends Pusher {
  /**
   * Sends the events in one batch request; resolves to the answer's body.
   * Rejects as the SDK does: a RequestError with the status and body of an
   * answer of 400 or above, or with the cause when there was none.
   */
  publishBatch(batch: Pusher.BatchEvent[]): Promise<string> {
    const config = (this as unknown as { config: SdkConfig }).config;
    const path = config.prefixPath("/batch_events");
    const body = JSON.stringify({ batch });
    const target = `${path}?${this.createSignedQueryString({ method: "POST", path, body })}`;
    return new Promise((resolve, reject) => {
      const request = (config.scheme === "https" ? https : http).request(
        {
          method: "POST",
          host: config.host,
          port: config.port,
          path: target,
          agent: config.agent,
          timeout: config.timeout,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("error", failed);
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            if (status < 400) resolve(text);
            // No cause: the answer is the error (the SDK's declarations want one; the SDK gives none either).
            else reject(new Pusher.RequestError(`Unexpected status code ${status}`, url(), undefined as unknown as Error, status, text));
          });
        },
      );
      function failed(error: Error) {
        reject(new Pusher.RequestError("Request failed with an error", url(), error));
      }
      // For the error only (unsigned: logs keep no signature).
      function url() {
        return `${config.scheme}://${config.host}${config.port ? `:${config.port}` : ""}${path}`;
      }
      request.on("timeout", () => request.destroy(new Error(`no answer within ${config.timeout} ms`)));
      request.on("error", failed);
      request.end(body);
    });
  }
}

export function createPusher(settings = env()) {
  // Kept-alive connections: a new TCP (or TLS) handshake per publish request
  // cost more than the request. The publisher has at most a few requests in
  // flight (its lanes); signing requests send none.
  // An idle connection is let go after 5 s, before the server's own idle
  // timeout (uWebSockets: 10 s) could close it under a request being sent.
  const agent = new (settings.PUSHER_USE_TLS ? https : http).Agent({ keepAlive: true, maxSockets: 8, timeout: 5_000 });
  return new AppPusher({
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

const store = globalThis as unknown as { __appPusher?: AppPusher };

export function pusher(): AppPusher {
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
