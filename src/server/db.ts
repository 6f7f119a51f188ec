// One Prisma client (over one `pg` pool) per process. The pool is shared with
// the code that needs plain SQL (the rate limiter's store).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function createDb(connectionString: string, poolSize = 10) {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Writers of one channel queue on its row lock (outbox.ts) while holding
    // a pooled connection, so under a burst a transaction may wait for a
    // connection longer than Prisma's 2 s default: queueing, not a failure.
    transactionOptions: { maxWait: 10_000 },
  });
  return { pool, prisma };
}

// Kept on globalThis so that Next's separately bundled entry points
// (instrumentation, route handlers) and dev-mode reloads share one pool.
const store = globalThis as unknown as { __appDb?: ReturnType<typeof createDb> };

function instance() {
  store.__appDb ??= createDb(env().DATABASE_URL, env().DATABASE_POOL_SIZE);
  return store.__appDb;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const prisma = instance().prisma;
    const value = Reflect.get(prisma, prop);
    return typeof value === "function" ? value.bind(prisma) : value;
  },
});

export function dbPool(): pg.Pool {
  return instance().pool;
}

/**
 * Runs one SQL query (a `Prisma.sql` template) on a transaction's connection.
 * The notification fast path writes through `pg` directly (Prisma's query
 * compiler costs ~0.2 ms of CPU per statement on the main thread); services
 * inside a Prisma transaction run the same SQL through `sqlRunner(tx)`.
 * Queries for both must return only types both drivers read alike: cast
 * bigint to int, and timestamps to `timestamptz` (`AT TIME ZONE 'UTC'`),
 * since `pg` reads a plain `timestamp` in the machine's local time.
 */
export type SqlRunner = <T>(query: Prisma.Sql) => Promise<T[]>;

export function sqlRunner(tx: Tx): SqlRunner {
  return <T>(query: Prisma.Sql) => tx.$queryRaw<T[]>(query);
}

/** One transaction on a pooled `pg` connection; rolled back when `work` throws. */
export async function pgTransaction<R>(work: (run: SqlRunner) => Promise<R>): Promise<R> {
  const client = await dbPool().connect();
  // A checked-out client has no listener of the pool's: when the server ends
  // the session between two of our queries (a failover, pg_terminate_backend)
  // the client emits the error, and unheard it would crash the process. The
  // next query fails with it all the same, and the client is dropped below.
  let lost: Error | undefined;
  const onLost = (error: Error) => (lost = error);
  client.on("error", onLost);
  const run: SqlRunner = async <T>(query: Prisma.Sql) => (await client.query(query.text, query.values)).rows as T[];
  let broken: unknown;
  try {
    await client.query("BEGIN");
    const result = await work(run);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    broken = await client.query("ROLLBACK").then(() => undefined, (e: unknown) => e);
    throw error;
  } finally {
    client.removeListener("error", onLost);
    // A connection whose ROLLBACK failed is in an unknown state: drop it.
    client.release(lost ?? (broken instanceof Error ? broken : undefined));
  }
}
