// The app as the browser journeys see it: the start command in production
// mode, with demo accounts, on ports and a database of its own. With
// DATABASE_URL set (CI) it uses a fresh database on that server; without,
// the start command's embedded PostgreSQL in a fresh folder.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { e2eDatabaseName } from "./database";
import { e2ePorts } from "./ports";

const port = e2ePorts.app;

async function freshDatabase(serverUrl: string): Promise<string> {
  const name = e2eDatabaseName;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "notify-e2e-"));
  // mkdtemp makes it 700; run as root, the embedded PostgreSQL runs as the
  // OS user postgres, which must be able to enter it.
  chmodSync(dir, 0o755);
  return dir;
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(port),
  NEXTAUTH_URL: `http://localhost:${port}`,
  NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-0001",
  SEED_DEMO_ACCOUNTS: "true",
  SOKETI_PORT: String(e2ePorts.soketi),
  SOKETI_METRICS_PORT: String(e2ePorts.soketiMetrics),
  EMBEDDED_DB_PORT: String(e2ePorts.embeddedDb),
  DATA_DIR: dataDir(),
  NEXT_DIST_DIR: ".next-e2e",
  NEXT_TELEMETRY_DISABLED: "1",
  // feed.spec publishes 150 posts in seconds to fill a long feed; every other
  // limit keeps its default (content-limits.spec meets the comment limit).
  POST_LIMIT: "1000",
  // imports.spec meets the upload quota with a 22 MB file.
  UPLOAD_QUOTA_MB: "20",
  // dead-letters.spec waits for an event to be refused OUTBOX_MAX_ATTEMPTS times.
  OUTBOX_RETRY_BASE_MS: "200",
};
for (const key of Object.keys(env)) if (key.startsWith("PUSHER_")) delete env[key];
if (process.env.DATABASE_URL) env.DATABASE_URL = await freshDatabase(process.env.DATABASE_URL);

// The start command builds only when no build exists: remove the old one so
// the journeys test the code as it is now (E2E_REUSE_BUILD=1 to iterate on specs).
if (!process.env.E2E_REUSE_BUILD) rmSync(".next-e2e", { recursive: true, force: true });

const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", "prod"], { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 1));
