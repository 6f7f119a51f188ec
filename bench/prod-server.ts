// The production start command (`npm start` = scripts/serve.ts prod: Next,
// the worker, Soketi, and the embedded PostgreSQL unless DATABASE_URL is
// given) on ports and a data folder of its own, for the benchmarks that drive
// the app as its users do (bench:rest, bench:soak). Its output is relayed
// line by line, prefixed with `label`.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { hashToken, TOKEN_PREFIX } from "@/server/access-tokens/tokens";
import { embeddedPostgresUrl } from "../scripts/lib/embedded-postgres";
import { freePort } from "../scripts/lib/ports";
import { waitForHealth } from "../scripts/lib/wait-for-health";
import type { Credentials } from "./clients";
import { dropDatabase, freshDatabase } from "./database";

export type DatabaseKind = "postgres" | "embedded";

export type ProdServer = {
  kind: DatabaseKind;
  baseUrl: string;
  /** The Soketi the start command runs for this server. */
  soketiPort: number;
  databaseUrl: string;
  /** What the server signs sessions with (to sign in as a seeded person). */
  nextAuthSecret: string;
  /** The start command's process id (its children: the web server, the worker, Soketi). */
  pid: number;
  stop(): Promise<void>;
};

/** Prints a child's output a line at a time, prefixed with its name. */
function relay(child: ChildProcess, name: string): void {
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => console.log(`[${name}] ${line}`));
  }
}

export async function startProdServer(options: {
  kind: DatabaseKind;
  root: string;
  /** NEXT_DIST_DIR: the start command builds into it when it holds no build. */
  distDir: string;
  credentials: Credentials & { appId: string };
  /** For kind "postgres": the server on which a fresh database `databaseName` is made (and dropped by stop). */
  serverUrl: string;
  databaseName: string;
  label: string;
  /** Settings for the app beyond the ports, folders and credentials. */
  env?: Record<string, string>;
}): Promise<ProdServer> {
  const { kind, credentials } = options;
  const [port, soketiPort, soketiMetricsPort, embeddedDbPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const dataDir = mkdtempSync(path.join(tmpdir(), "notify-bench-"));
  // mkdtemp makes it 700; run as root, the embedded PostgreSQL runs as the
  // OS user "postgres", which must be able to enter it.
  chmodSync(dataDir, 0o755);
  const databaseUrl =
    kind === "postgres" ? await freshDatabase(options.serverUrl, options.databaseName) : embeddedPostgresUrl(embeddedDbPort);
  const nextAuthSecret = randomBytes(24).toString("hex");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXTAUTH_SECRET: nextAuthSecret,
    SEED_DEMO_ACCOUNTS: "false",
    SOKETI_PORT: String(soketiPort),
    SOKETI_METRICS_PORT: String(soketiMetricsPort),
    EMBEDDED_DB_PORT: String(embeddedDbPort),
    DATA_DIR: dataDir,
    NEXT_DIST_DIR: options.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  for (const key of Object.keys(env)) if (key.startsWith("PUSHER_") || key === "DATABASE_URL") delete env[key];
  // No PUSHER_HOST: the start command runs Soketi, with credentials we know, so
  // that the clients can sign their private subscriptions themselves.
  Object.assign(env, { PUSHER_APP_ID: credentials.appId, PUSHER_KEY: credentials.key, PUSHER_SECRET: credentials.secret });
  Object.assign(env, options.env);
  if (kind === "postgres") env.DATABASE_URL = databaseUrl;

  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", "prod"], {
    cwd: options.root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  relay(child, options.label);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM"); // the start command stops its children, newest first
      const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exit;
      clearTimeout(killer);
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (kind === "postgres") await dropDatabase(options.serverUrl, options.databaseName);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    const healthy = await waitForHealth(`${baseUrl}/api/health`, {
      stillWaiting: (reason) => console.log(`[bench] ${kind}: waiting for the server (${reason})`),
      cancelled: () => exited,
      reportEveryMs: 60_000, // a build's own output says what it does meanwhile
    });
    if (!healthy) throw new Error(`the ${kind} server exited before it was ready (its output is above)`);
    return { kind, baseUrl, soketiPort, databaseUrl, nextAuthSecret, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `count` people and an admin with an `admin`-scope access token, written
 * straight into the database: ids bench<prefix><i>, emails <prefix><i>@bench.example.
 */
export async function seedAdminAndPeople(databaseUrl: string, options: { prefix: string; count: number }) {
  const people = Array.from({ length: options.count }, (_, i) => ({
    id: `bench${options.prefix}${i}`,
    email: `${options.prefix}${i}@bench.example`,
  }));
  const admin = { id: `bench${options.prefix}admin`, email: "admin@bench.example" };
  // As createAccessToken makes one (src/server/access-tokens/tokens.ts); that
  // function needs a signed-in admin, which a benchmark has no way to be.
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    const everyone = [admin, ...people];
    await sql.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
       SELECT id, email, id, 'x', role, now() FROM unnest($1::text[], $2::text[], $3::"Role"[]) AS p(id, email, role)`,
      [everyone.map((p) => p.id), everyone.map((p) => p.email), everyone.map((p) => (p === admin ? "ADMIN" : "USER"))],
    );
    await sql.query(
      `INSERT INTO "AccessToken" (id, "userId", name, prefix, "tokenHash", scopes) VALUES ($1, $2, 'bench', $3, $4, ARRAY['admin'])`,
      [`bench${options.prefix}token`, admin.id, token.slice(0, TOKEN_PREFIX.length + 6), hashToken(token)],
    );
  } finally {
    await sql.end();
  }
  return { token, admin, people };
}
