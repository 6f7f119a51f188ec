// Runs the Soketi server from node_modules as a child process.
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { describeExit, spawnManaged } from "./processes";

const require = createRequire(import.meta.url);

export type SoketiOptions = {
  port: number;
  metricsPort: number;
  appId: string;
  key: string;
  secret: string;
  host?: string;
  /** Extra SOKETI_* settings (Redis adapter, limits...). */
  env?: Record<string, string>;
  /** Where Soketi reports occupied/vacated user channels ("people online now"). */
  webhookUrl?: string;
  /** Where Soketi's own output goes (default: dropped). */
  output?: "inherit" | "ignore";
  /**
   * Run in its own process group, out of reach of the terminal's Ctrl-C, so
   * the owner decides when it stops (the start command stops it after the
   * web server). Default false: a test run's Soketi should die with the run.
   */
  detached?: boolean;
  /** How long Soketi waits after closing its sockets before it exits (its default: 3 s). */
  shutdownGraceMs?: number;
};

/** Soketi's webhook setting for the app's online-people count (see src/server/dashboard). */
function userChannelWebhooks(url: string): string {
  return JSON.stringify([
    {
      url,
      event_types: ["channel_occupied", "channel_vacated"],
      filter: { channel_name_starts_with: "private-user." },
    },
  ]);
}

function soketiServerPath(): string {
  return path.join(path.dirname(require.resolve("@soketi/soketi/package.json")), "bin", "server.js");
}

export async function waitForHttp(url: string, timeoutMs: number, what: string, abort?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline && !abort?.aborted) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready at ${url} within ${timeoutMs} ms (${last})`);
}

export async function startSoketi(options: SoketiOptions) {
  const host = options.host ?? "127.0.0.1";
  const output = options.output ?? "ignore";
  const managed = spawnManaged("Soketi", process.execPath, [soketiServerPath(), "start"], {
    env: {
      ...process.env,
      SOKETI_HOST: host,
      SOKETI_PORT: String(options.port),
      SOKETI_METRICS_SERVER_PORT: String(options.metricsPort),
      SOKETI_DEFAULT_APP_ID: options.appId,
      SOKETI_DEFAULT_APP_KEY: options.key,
      SOKETI_DEFAULT_APP_SECRET: options.secret,
      // Client events carry typing and cursor signals in later features.
      SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES: "true",
      // Connections sign in as their person (Pusher user authentication), so
      // that the app can close a person's sockets when they lose access; a
      // connection that has not signed in within Soketi's timeout (30 s) is
      // closed, so no socket escapes that by never signing in.
      SOKETI_DEFAULT_APP_USER_AUTHENTICATION: "true",
      // 100 events per publish request (Soketi's default is 10): one busy
      // channel's events go out one request at a time (PUSHER_MAX_BATCH).
      SOKETI_EVENT_MAX_BATCH_SIZE: "100",
      ...(options.webhookUrl ? { SOKETI_DEFAULT_APP_WEBHOOKS: userChannelWebhooks(options.webhookUrl) } : {}),
      ...(options.shutdownGraceMs === undefined
        ? {}
        : { SOKETI_SHUTDOWN_GRACE_PERIOD: String(options.shutdownGraceMs) }),
      ...options.env,
    },
    stdio: ["ignore", output, output],
    group: options.detached ?? false,
  });
  // Neither branch rejects, so the loser of the race never becomes an
  // unhandled rejection later (when Soketi is stopped on purpose).
  const gaveUp = new AbortController();
  const failure = await Promise.race([
    waitForHttp(`http://${host}:${options.port}/ready`, 20_000, "Soketi", gaveUp.signal).then(
      () => null,
      (error: unknown) => error,
    ),
    managed.exited.then(
      (exit) =>
        new Error(`Soketi ${describeExit(exit)} while starting (are ports ${options.port} and ${options.metricsPort} free?)`),
    ),
  ]);
  if (failure) {
    gaveUp.abort();
    await managed.stop(2_000);
    throw failure;
  }
  return {
    url: `http://${host}:${options.port}`,
    child: managed.child,
    /** Settles when Soketi exits, whoever stopped it. */
    exited: managed.exited,
    stop: () => managed.stop(5_000),
    /** SIGKILL, without waiting (a forced exit). */
    kill: () => managed.kill(),
  };
}

export type RedisLocation = { host: string; port: number };

/** Where Redis is for the scale-out mode: REDIS_HOST / REDIS_PORT, default 127.0.0.1:6379. */
export function redisFromEnv(source: Record<string, string | undefined> = process.env): RedisLocation {
  return { host: source.REDIS_HOST || "127.0.0.1", port: Number(source.REDIS_PORT || 6379) };
}

/**
 * Soketi's settings for several nodes behind one address: channels, presence
 * members and HTTP API triggers are shared through Redis pub/sub (its Redis
 * adapter, which connects with the SOKETI_DB_REDIS_* settings). Nodes that
 * share a prefix form one cluster; a unique prefix keeps test runs apart.
 */
export function redisAdapterEnv(redis: RedisLocation, prefix: string): Record<string, string> {
  return {
    SOKETI_ADAPTER_DRIVER: "redis",
    SOKETI_ADAPTER_REDIS_PREFIX: prefix,
    SOKETI_DB_REDIS_HOST: redis.host,
    SOKETI_DB_REDIS_PORT: String(redis.port),
  };
}

/** Whether something answers Redis's PING at `redis` (within `timeoutMs`). */
export function redisAnswers(redis: RedisLocation, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(redis.port, redis.host);
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}
