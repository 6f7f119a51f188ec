// The journeys' database, for the few journeys that must reach behind the app
// (a fault no user action can cause). server.ts creates it under this name.
import pg from "pg";
import { e2ePorts } from "./ports";

/** Named after the port so checkouts side by side can run their journeys at once. */
export const e2eDatabaseName = `notify_e2e_${e2ePorts.app}`;

/** Its URL: on the server DATABASE_URL names, else the start command's embedded PostgreSQL. */
function e2eDatabaseUrl(): string {
  if (!process.env.DATABASE_URL) return `postgresql://postgres:postgres@127.0.0.1:${e2ePorts.embeddedDb}/postgres?sslmode=disable`;
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${e2eDatabaseName}`;
  return url.toString();
}

/** Runs one statement on the journeys' database. */
export async function sql<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
