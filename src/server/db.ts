// One Prisma client (over one `pg` pool) per process. The pool is shared with
// the code that needs plain SQL (the rate limiter's store).
import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Connections for queryPrepared's statements: the fast paths' few statement shapes. */
export const PREPARED_POOL_SIZE = 4;

export function createDb(connectionString: string, poolSize = 10) {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // Each connection plans a prepared() statement once, generically, and
  // reuses the plan. Left to choose, PostgreSQL planned the notification
  // statement afresh on every call (a custom plan, knowing how long its
  // arrays are, always looks cheaper than the generic one): about 0.6 ms of
  // its CPU per statement, most of what the statement cost. Prisma's
  // queries keep the other pool and PostgreSQL's default choice.
  const preparedPool = new pg.Pool({
    connectionString,
    max: PREPARED_POOL_SIZE,
    options: "-c plan_cache_mode=force_generic_plan",
    allowExitOnIdle: true,
  });
  // An idle connection the server ended (a restart): the pool drops it and
  // makes another when needed. Unheard, the pool's 'error' would end the process.
  preparedPool.on("error", (error) => console.warn(`[db] a database connection closed: ${error.message}`));
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Writers of one channel queue on its row lock (outbox.ts) while holding
    // a pooled connection, so under a burst a transaction may wait for a
    // connection longer than Prisma's 2 s default: queueing, not a failure.
    transactionOptions: { maxWait: 10_000 },
  });
  return { pool, preparedPool, prisma };
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

const statementNames = new Map<string, string>();

/**
 * Runs a `Prisma.sql` query through `pg` as a named prepared statement, on
 * connections that plan it once and then only bind values (see createDb).
 * For the fast paths' statements: long (CTEs, joins) and the same text
 * every time, so planning them again was a good share of their time.
 */
export function queryPrepared<T extends pg.QueryResultRow>(query: Prisma.Sql): Promise<pg.QueryResult<T>> {
  return instance().preparedPool.query<T>(prepared(query));
}

/**
 * The same on Prisma's own pool, where PostgreSQL chooses its plans as
 * usual: for plain SQL that runs often and must not wait behind the fast
 * paths' statements for one of queryPrepared's few connections (the
 * publisher's read of the outbox). Through Prisma's `$queryRaw`, the query
 * compiler took 1.0-1.7 ms of CPU for that read, against 0.2 ms here.
 */
export function queryPooled<T extends pg.QueryResultRow>(query: Prisma.Sql): Promise<pg.QueryResult<T>> {
  return instance().pool.query<T>(prepared(query));
}

/** The statement's name: one per text, so two texts never share one. */
function prepared(query: Prisma.Sql): pg.QueryConfig {
  let name = statementNames.get(query.text);
  if (!name) {
    name = `app_${createHash("sha1").update(query.text).digest("hex").slice(0, 20)}`;
    // Texts are few (one per shape of a query); a runaway would be a bug, not a workload.
    if (statementNames.size < 1_000) statementNames.set(query.text, name);
  }
  return { name, text: query.text, values: query.values };
}

/**
 * Runs one SQL query (a `Prisma.sql` template) on a transaction's connection.
 * The notification fast path sends its SQL through `pg` directly (Prisma's
 * query compiler costs ~0.2 ms of CPU per statement on the main thread);
 * services inside a Prisma transaction run the same SQL through `sqlRunner(tx)`.
 * Queries for both must return only types both drivers read alike: cast
 * bigint to int, and timestamps to `timestamptz` (`AT TIME ZONE 'UTC'`),
 * since `pg` reads a plain `timestamp` in the machine's local time.
 */
export type SqlRunner = <T>(query: Prisma.Sql) => Promise<T[]>;

export function sqlRunner(tx: Tx): SqlRunner {
  return <T>(query: Prisma.Sql) => tx.$queryRaw<T[]>(query);
}
