// A rate-limiter-flexible limiter whose counts live in PostgreSQL (the
// `RateLimit` table), so every app instance agrees. Used by the sign-in
// limits and the rooms' message limit.
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { dbPool } from "./db";

// The limiter names its prepared statements. A name lives as long as the
// database session, and on the embedded PostgreSQL every connection shares
// one session, so a second connection's "prepare" would collide: send the
// statements unnamed.
function unnamedStatements(pool: ReturnType<typeof dbPool>) {
  return {
    query: (q: string | { text: string; values?: unknown[] }) =>
      pool.query(typeof q === "string" ? q : { text: q.text, values: q.values }),
  };
}

export function postgresLimiter(keyPrefix: string, limits: { points: number; duration: number }) {
  return new RateLimiterPostgres({
    storeClient: unnamedStatements(dbPool()),
    storeType: "pool",
    tableName: "RateLimit",
    tableCreated: true, // created by the initial migration
    clearExpiredByTimeout: false,
    keyPrefix,
    ...limits,
  });
}
