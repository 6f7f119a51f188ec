// A rate-limiter-flexible limiter whose counts live in PostgreSQL (the
// `RateLimit` table), so every app instance agrees. Used by the sign-in
// limits and the rooms' message limit.
import "server-only";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { dbPool } from "./db";

/** Where the counters live (created by the initial migration). */
export const RATE_LIMIT_TABLE = "RateLimit";

export function postgresLimiter(keyPrefix: string, limits: { points: number; duration: number }) {
  return new RateLimiterPostgres({
    storeClient: dbPool(),
    storeType: "pool",
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true, // created by the initial migration
    clearExpiredByTimeout: false,
    keyPrefix,
    ...limits,
  });
}
