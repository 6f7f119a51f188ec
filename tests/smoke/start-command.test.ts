// The start command as a newcomer runs it: no DATABASE_URL, no Soketi
// settings, nothing configured. It must come up on its embedded defaults,
// answer /api/health, print the demo accounts, stop everything on Ctrl-C
// (exit 0, every port free again) and find its data again on the next start;
// and a data folder left by the earlier, PGlite-based version stops it with
// what to do. A crashed Soketi or worker is restarted while the web server
// stays up, and /api/health says what is down meanwhile.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import Pusher from "pusher";
import PusherClient from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_APP_ID, DEFAULT_APP_KEY } from "../../scripts/lib/app-env";
import { loadOrCreateDevSettings } from "../../scripts/lib/dev-settings";
import { freePort, portIsFree } from "../../scripts/lib/ports";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// What `npm run dev` runs, minus npm and its shell (which report a Ctrl-C as
// a signal, not as the exit code under test).
const tsxCli = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

const FIRST_START_MS = 300_000; // a cold `next dev` compile on 2 cores, in CI beside the journeys' build
const STOP_MS = 20_000;

// `next dev` allows one server per build folder, and .next-smoke is shared by
// every checkout's test run (a second folder per run would be added to
// tsconfig.json by Next). Concurrent runs in one checkout take turns.
const SMOKE_DIST_DIR = ".next-smoke";
const lockFile = path.join(root, SMOKE_DIST_DIR, "smoke-test.lock");

function holderAlive(): boolean {
  try {
    process.kill(Number.parseInt(readFileSync(lockFile, "utf8"), 10), 0);
    return true;
  } catch {
    return false; // no lock, or its holder is gone
  }
}

async function takeTurn(timeoutMs: number): Promise<void> {
  mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return;
    } catch {
      if (!holderAlive()) rmSync(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error(`Another smoke test run holds ${lockFile}.`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
}

type Ports = { PORT: number; SOKETI_PORT: number; SOKETI_METRICS_PORT: number; EMBEDDED_DB_PORT: number };

let dataDir: string;
let ports: Ports;
let running: { child: ChildProcess; output: () => string; exited: Promise<number | null> } | undefined;

/** The environment of someone who configured nothing. */
function newcomerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    // The test run's own settings (tests/setup/worker-env.ts) and vitest's
    // markers are not what a newcomer's shell has.
    if (value === undefined || /^(DATABASE_URL|NEXTAUTH_|PUSHER_|OUTBOX_|NODE_ENV$|VITEST|TEST$)/.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    // Empty, not absent, so that a developer's .env cannot fill them in
    // (dotenv never overrides a variable that exists); empty means "not set".
    DATABASE_URL: "",
    PUSHER_HOST: "",
    NEXTAUTH_SECRET: "",
    NEXTAUTH_URL: "",
    DATA_DIR: dataDir,
    // Its own build folder, so it does not collide with a developer's `next dev`.
    NEXT_DIST_DIR: SMOKE_DIST_DIR,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  };
}

function start(mode: "dev" | "prod" = "dev", extraEnv: Record<string, string> = {}) {
  const child: ChildProcess = spawn(process.execPath, [tsxCli, "scripts/serve.ts", mode], {
    cwd: root,
    // Next's types make NODE_ENV required; a newcomer's shell has none.
    env: { ...newcomerEnv(), ...extraEnv } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, like a terminal's foreground job: Ctrl-C is a
    // SIGINT to the whole group.
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  running = { child, output: () => output, exited };
  return running;
}

function tail(text: string, lines = 40): string {
  return `\n--- last output of the start command ---\n${text.split("\n").slice(-lines).join("\n")}`;
}

/**
 * Waits as a person does, for the ready line, then asks /api/health. (Polling
 * health alone races the start command's own check: it may answer 200 before
 * the start command has printed the demo accounts.)
 */
async function waitUntilReady(app: NonNullable<typeof running>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | null | undefined;
  void app.exited.then((code) => (exitedWith = code));
  while (!/\[start\] Ready in/.test(app.output())) {
    if (exitedWith !== undefined) throw new Error(`The start command exited (code ${exitedWith}) before it was ready.${tail(app.output())}`);
    if (Date.now() > deadline) throw new Error(`No ready line within ${timeoutMs / 1000} s.${tail(app.output())}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const res = await fetch(`http://127.0.0.1:${ports.PORT}/api/health`);
  expect(res.status, tail(app.output())).toBe(200);
  return (await res.json()) as Record<string, { ok?: boolean }>;
}

/** The exit code, once it exited by itself. */
async function exitCode(app: NonNullable<typeof running>, timeoutMs: number): Promise<number | null> {
  const code = await Promise.race([app.exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs))]);
  if (code === "timeout") throw new Error(`Still running after ${timeoutMs / 1000} s.${tail(app.output())}`);
  if (running === app) running = undefined;
  return code;
}

/** Ctrl-C (SIGINT to the process group, as a terminal sends it), then the exit code. */
function pressCtrlC(app: NonNullable<typeof running>): Promise<number | null> {
  process.kill(-app.child.pid!, "SIGINT");
  return exitCode(app, STOP_MS);
}

type Health = {
  status: "ok" | "degraded" | "down";
  reasons: string[];
  realtime: { ok: boolean };
  worker: { ok: boolean };
};

async function health(): Promise<{ http: number; body: Health }> {
  const res = await fetch(`http://127.0.0.1:${ports.PORT}/api/health`);
  return { http: res.status, body: (await res.json()) as Health };
}

/** Waits for a line of the start command's output matching `pattern`; its match. */
async function waitForLine(app: NonNullable<typeof running>, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(app.output());
    if (match) return match;
    if (app.child.exitCode !== null) throw new Error(`The start command exited, no line ${pattern}.${tail(app.output())}`);
    if (Date.now() > deadline) throw new Error(`No line ${pattern} within ${timeoutMs / 1000} s.${tail(app.output())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Connects to the start command's Soketi as a browser would and receives an
 * event the server side triggers: the realtime path works end to end.
 */
async function receiveThroughSoketi(): Promise<unknown> {
  const client = new PusherClient(DEFAULT_APP_KEY, {
    cluster: "mt1",
    wsHost: "127.0.0.1",
    wsPort: ports.SOKETI_PORT,
    forceTLS: false,
    enabledTransports: ["ws"],
  });
  try {
    const channel = client.subscribe("smoke-test");
    await new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
    const received = new Promise<unknown>((resolve) => channel.bind("check", resolve));
    const server = new Pusher({
      appId: DEFAULT_APP_ID,
      key: DEFAULT_APP_KEY,
      // Dev mode keeps Soketi's secret in DATA_DIR.
      secret: loadOrCreateDevSettings(dataDir).soketiSecret,
      host: "127.0.0.1",
      port: String(ports.SOKETI_PORT),
      useTLS: false,
    });
    await server.trigger("smoke-test", "check", { hello: "again" });
    return await received;
  } finally {
    client.disconnect();
  }
}

async function freePorts(): Promise<Record<string, boolean>> {
  const entries = await Promise.all(Object.entries(ports).map(async ([name, port]) => [name, await portIsFree(port)]));
  return Object.fromEntries(entries);
}

/** A DATA_DIR in a fresh folder. */
function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "smoke-start-"));
  // mkdtemp makes it 700; run as root, the embedded PostgreSQL runs as the
  // OS user postgres, which must be able to enter it.
  chmodSync(dir, 0o755);
  return dir;
}

beforeAll(async () => {
  await takeTurn(150_000);
  dataDir = tempDataDir();
  ports = {
    PORT: await freePort(),
    SOKETI_PORT: await freePort(),
    SOKETI_METRICS_PORT: await freePort(),
    EMBEDDED_DB_PORT: await freePort(),
  };
}, 160_000);

/** Stops a start command a failed test left running: as a user would, then harder. */
async function stopLeftover(): Promise<void> {
  if (!running) return;
  const { child, exited } = running;
  running = undefined;
  try {
    process.kill(-child.pid!, "SIGINT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_MS))]);
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // Already gone.
  }
}

afterEach(stopLeftover, STOP_MS + 5_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  if (existsSync(lockFile) && readFileSync(lockFile, "utf8") === String(process.pid)) rmSync(lockFile);
});

describe("npm start with bad settings", () => {
  it("names each bad setting and exits 1 before starting anything", async () => {
    const badPort = start("prod", { SOKETI_PORT: "not-a-port" });
    expect(await exitCode(badPort, 30_000), tail(badPort.output())).toBe(1);
    expect(badPort.output()).toMatch(/SOKETI_PORT must be a port number/);

    // Production mode never makes up a session secret.
    const noSecret = start("prod");
    expect(await exitCode(noSecret, 30_000), tail(noSecret.output())).toBe(1);
    expect(noSecret.output()).toMatch(/NEXTAUTH_SECRET is required/);

    expect(existsSync(path.join(dataDir, "postgres")), "no database was created").toBe(false);
  }, 60_000);
});

describe("npm run dev with nothing configured", () => {
  it("starts the embedded database, Soketi and the web server, prints the demo accounts, and stops on Ctrl-C", async () => {
    const app = start();
    const health = await waitUntilReady(app, FIRST_START_MS);

    expect(health.status, tail(app.output())).toBe("ok");
    expect(health.database?.ok, "database").toBe(true);
    expect(health.realtime?.ok, "realtime").toBe(true);

    const printed = app.output();
    for (const email of ["admin@example.com", "alice@example.com", "bob@example.com"]) {
      expect(printed, `demo account ${email} printed${tail(printed)}`).toContain(email);
    }
    expect(printed).toMatch(/dev only/i);
    expect(printed).toContain('"password"');
    expect(printed).toContain(`http://localhost:${ports.PORT}`);
    // Opened at 127.0.0.1 or at a printed Network address (a phone), the page
    // must get Next's dev scripts, or it never hydrates and its forms post
    // without JavaScript. Next answers a refused origin with 403.
    const hosts = ["127.0.0.1", ...[...printed.matchAll(/Network: http:\/\/([\d.]+):/g)].map((m) => m[1]!)];
    for (const host of hosts) {
      const origin = `http://${host}:${ports.PORT}`;
      const res = await fetch(`${origin}/_next/static/chunks/not-there.js`, { headers: { origin } });
      expect(res.status, `dev resources for a page opened at ${origin}`).not.toBe(403);
    }
    // The data lives under DATA_DIR, where the next start finds it.
    expect(existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);
    expect(existsSync(path.join(dataDir, "dev-settings.json"))).toBe(true);

    // A change the next start must still see (seeding leaves existing accounts alone).
    const client = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${ports.EMBEDDED_DB_PORT}/postgres` });
    await client.connect();
    await client.query(`UPDATE "User" SET "name" = 'Bob Kept' WHERE "email" = 'bob@example.com'`);
    await client.end();

    const code = await pressCtrlC(app);
    expect(code, tail(app.output())).toBe(0);
    expect(app.output()).toMatch(/Stopped everything/);
    expect(await freePorts()).toEqual({ PORT: true, SOKETI_PORT: true, SOKETI_METRICS_PORT: true, EMBEDDED_DB_PORT: true });
  }, FIRST_START_MS + STOP_MS + 10_000);

  // One start for both: finding the data, then surviving crashed children.
  it("finds its data again on the next start, and restarts a Soketi or worker killed with kill -9", async () => {
    // The first test saw the routes warmed; here compiling them would only
    // compete with what is under test for the two cores.
    const app = start("dev", { DEV_WARM_ROUTES: "false" });
    // Dev mode compiles the first request's route on demand: generous on a busy machine.
    await waitUntilReady(app, 150_000);

    const client = new pg.Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${ports.EMBEDDED_DB_PORT}/postgres` });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(`SELECT "name" FROM "User" WHERE "email" = 'bob@example.com'`);
      expect(rows.map((r) => r.name)).toEqual(["Bob Kept"]);

      // Soketi crashes. The start command is frozen meanwhile (SIGSTOP to its
      // process group; its children have groups of their own), so that the
      // outage lasts until the test has seen /api/health report it, however
      // fast the restart would have been.
      const soketiPid = Number((await waitForLine(app, /Realtime: Soketi on [\d.]+:\d+ \(pid (\d+)\)/))[1]);
      process.kill(-app.child.pid!, "SIGSTOP");
      try {
        process.kill(soketiPid, "SIGKILL");
        await expect.poll(async () => (await health()).body.realtime.ok, { timeout: 30_000 }).toBe(false);
        const down = await health();
        expect(down.http, "degraded, the web server still serves").toBe(200);
        expect(down.body.status).toBe("degraded");
        expect(down.body.reasons).toEqual([expect.stringMatching(/^The realtime server is unreachable \(.+\): open pages show "Reconnecting…"/)]);
      } finally {
        process.kill(-app.child.pid!, "SIGCONT");
      }
      const newSoketiPid = Number((await waitForLine(app, /\[start\] Soketi is running again \(pid (\d+)\)/))[1]);
      expect(app.output()).toContain("[start] Soketi was killed by SIGKILL; restarting it in 0.5 s (1st crash within 60 s; the 5th stops everything).");
      expect(newSoketiPid).not.toBe(soketiPid);
      await expect.poll(async () => (await health()).body.status, { timeout: 30_000 }).toBe("ok");
      expect(await receiveThroughSoketi()).toEqual({ hello: "again" });

      // The worker crashes: restarted too, and the new one reports to the database.
      const workerPid = Number((await waitForLine(app, /Worker: background jobs \(pid (\d+)\)/))[1]);
      process.kill(workerPid, "SIGKILL");
      const newWorkerPid = Number((await waitForLine(app, /\[start\] The worker is running again \(pid (\d+)\)/))[1]);
      expect(app.output()).toContain("[start] The worker was killed by SIGKILL; restarting it in 0.5 s (1st crash within 60 s; the 5th stops everything).");
      expect(newWorkerPid).not.toBe(workerPid);
      await expect
        .poll(async () => (await client.query<{ pid: number }>(`SELECT "pid" FROM "WorkerHeartbeat"`)).rows.map((r) => r.pid), { timeout: 60_000 })
        .toContain(newWorkerPid);
      expect((await health()).body).toMatchObject({ status: "ok", worker: { ok: true } });
      expect(app.child.exitCode, "the start command kept running").toBeNull();

      await client.end();
      const beforeStop = app.output().length;
      expect(await pressCtrlC(app), tail(app.output())).toBe(0);
      expect(app.output().slice(beforeStop), "an intended stop is not a crash").not.toMatch(/restarting it|running again/);
      expect([alive(newSoketiPid), alive(newWorkerPid)], "the restarted children stopped too").toEqual([false, false]);
      expect(await freePorts()).toEqual({ PORT: true, SOKETI_PORT: true, SOKETI_METRICS_PORT: true, EMBEDDED_DB_PORT: true });
    } finally {
      await client.end().catch(() => undefined);
    }
  }, 150_000 + 180_000 + STOP_MS + 10_000);
});

describe("npm run dev over the data of the PGlite version", () => {
  it("stops before starting anything and says what to do with the old folder", async () => {
    const oldDataDir = tempDataDir();
    try {
      // What the PGlite version left: its cluster in $DATA_DIR/pglite.
      mkdirSync(path.join(oldDataDir, "pglite"));
      writeFileSync(path.join(oldDataDir, "pglite", "PG_VERSION"), "17\n");

      const app = start("dev", { DATA_DIR: oldDataDir });
      expect(await exitCode(app, 30_000), tail(app.output())).toBe(1);
      const printed = app.output();
      expect(printed).toMatch(/earlier version of live-notify \(PGlite/);
      expect(printed).toContain(`rm -rf ${path.join(oldDataDir, "pglite")}`);
      expect(printed).toContain(`mv ${path.join(oldDataDir, "pglite")}`);
      expect(existsSync(path.join(oldDataDir, "pglite", "PG_VERSION")), "the old data is left alone").toBe(true);
      expect(existsSync(path.join(oldDataDir, "postgres")), "no new database was created").toBe(false);
      expect(await freePorts()).toEqual({ PORT: true, SOKETI_PORT: true, SOKETI_METRICS_PORT: true, EMBEDDED_DB_PORT: true });
    } finally {
      rmSync(oldDataDir, { recursive: true, force: true });
    }
  }, 40_000);
});
