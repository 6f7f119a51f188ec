// Runs the Soketi server from node_modules as a child process.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

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
  /** Where Soketi's own output goes (default: dropped). */
  output?: "inherit" | "ignore";
};

export function soketiServerPath(): string {
  return path.join(path.dirname(require.resolve("@soketi/soketi/package.json")), "bin", "server.js");
}

export async function waitForHttp(url: string, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
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
  const child: ChildProcess = spawn(process.execPath, [soketiServerPath(), "start"], {
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
      ...options.env,
    },
    stdio: ["ignore", options.output ?? "ignore", options.output ?? "ignore"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await Promise.race([
    waitForHttp(`http://${host}:${options.port}/ready`, 20_000, "Soketi"),
    exited.then((code) => {
      throw new Error(`Soketi exited with code ${code} while starting (is port ${options.port} free?)`);
    }),
  ]);
  return {
    url: `http://${host}:${options.port}`,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
