// An embedded PostgreSQL (PGlite, WebAssembly) listening on a local TCP port,
// for the start command when no DATABASE_URL is given. One backend serves
// every connection: fine for one person's machine, not for production.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The URL the embedded server answers on (known before it starts, for validation). */
export function embeddedPostgresUrl(port: number, host = "127.0.0.1"): string {
  return `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`;
}

// Creating a cluster (initdb) grows PGlite's WebAssembly memory to ~850 MB,
// which a process never gives back; opening an existing one takes ~350 MB.
// So a new data directory is created by a short-lived child process, and the
// long-running one only opens it (measured: 430 MB instead of 900 MB).
async function createCluster(dataDir: string): Promise<void> {
  const script = `import { PGlite } from "@electric-sql/pglite";
    const db = await PGlite.create(process.argv[1]);
    await db.close();`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, dataDir], {
    cwd: root, // where node_modules is, for the import
    stdio: ["ignore", "inherit", "inherit"],
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once("exit", resolve);
    child.once("error", () => resolve(null));
  });
  if (code !== 0) throw new Error(`Could not create the embedded database in ${dataDir} (exit ${code}).`);
}

/** `dataDir` undefined: a throwaway database in memory. */
export async function startEmbeddedPostgres(options: { dataDir?: string; port: number; host?: string }) {
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    if (!existsSync(path.join(options.dataDir, "PG_VERSION"))) await createCluster(options.dataDir);
  }
  const db = await PGlite.create(options.dataDir);
  const host = options.host ?? "127.0.0.1";
  // A pool (Prisma's, the migration CLI's) needs many connections; the
  // default of 1 would make the second one fail.
  const server = new PGLiteSocketServer({ db, host, port: options.port, maxConnections: 100 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: embeddedPostgresUrl(options.port, host),
    async stop() {
      await server.stop();
      await db.close(); // flushes the data directory
    },
  };
}
