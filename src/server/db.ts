// One Prisma client (over one `pg` pool) per process. The pool is shared with
// the code that needs plain SQL (the rate limiter's store).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
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
