// An embedded PostgreSQL (PGlite, WebAssembly) listening on a local TCP port,
// for the start command when no DATABASE_URL is given. One backend serves
// every connection: fine for one person's machine, not for production.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** The URL the embedded server answers on (known before it starts, for validation). */
export function embeddedPostgresUrl(port: number, host = "127.0.0.1"): string {
  return `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`;
}

/** `dataDir` undefined: a throwaway database in memory. */
export async function startEmbeddedPostgres(options: { dataDir?: string; port: number; host?: string }) {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
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
