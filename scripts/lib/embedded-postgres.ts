// An embedded PostgreSQL (PGlite, WebAssembly) listening on a local TCP port,
// for the start command when no DATABASE_URL is given. One backend serves
// every connection: fine for one person's machine, not for production.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; host?: string }) {
  mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const host = options.host ?? "127.0.0.1";
  const server = new PGLiteSocketServer({ db, host, port: options.port, maxConnections: 100 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@${host}:${options.port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close(); // flushes the data directory
    },
  };
}
