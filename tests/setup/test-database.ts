// The database of a test run: a fresh one on the PostgreSQL that DATABASE_URL
// names (CI, developers with a server), else a throwaway embedded PostgreSQL.
import pg from "pg";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateDeploy } from "../../scripts/lib/migrate";

export async function createTestDatabase(options: { prefix: string; port: number }) {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `${options.prefix}_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await migrateDeploy(url.toString(), { quiet: true });
    return {
      url: url.toString(),
      async drop() {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const embedded = await startEmbeddedPostgres({ port: options.port });
  await migrateDeploy(embedded.url, { quiet: true });
  return {
    url: embedded.url,
    drop: () => embedded.stop(), // deletes its folder too
  };
}
