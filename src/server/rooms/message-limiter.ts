// Chat messages per person per room: ROOM_MESSAGE_LIMIT within
// ROOM_MESSAGE_WINDOW_SECONDS. Counts live in PostgreSQL (rate-limiter-
// flexible's Postgres store, the table the sign-in limiter uses), so every
// app instance agrees.
//
// Window: rate-limiter-flexible counts from a person's first message for
// `duration` seconds, then starts afresh. That is not a true sliding window
// (a burst at the end of one window and the start of the next can pass
// 2 × limit in little more than one window), but it never refuses someone
// who stayed under the limit in every window, and it needs one row and one
// statement per check. The retry-after it reports is exact.
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { dbPool } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { formatWait } from "@/trpc/errors";

// The limiter names its prepared statements; on the embedded PostgreSQL all
// connections share one session, where names would collide: send them
// unnamed (as src/server/accounts/sign-in-limiter.ts does).
function unnamedStatements(pool: ReturnType<typeof dbPool>) {
  return {
    query: (q: string | { text: string; values?: unknown[] }) =>
      pool.query(typeof q === "string" ? q : { text: q.text, values: q.values }),
  };
}

type Limits = { points: number; duration: number };
const store = globalThis as unknown as { __roomMessageLimiter?: { limits: Limits; limiter: RateLimiterPostgres } };

function limiter(): RateLimiterPostgres {
  const limits = { points: env().ROOM_MESSAGE_LIMIT, duration: env().ROOM_MESSAGE_WINDOW_SECONDS };
  const cached = store.__roomMessageLimiter;
  if (cached && cached.limits.points === limits.points && cached.limits.duration === limits.duration) {
    return cached.limiter;
  }
  const created = new RateLimiterPostgres({
    storeClient: unnamedStatements(dbPool()),
    storeType: "pool",
    tableName: "RateLimit",
    tableCreated: true, // created by the initial migration
    clearExpiredByTimeout: false,
    keyPrefix: "room-msg",
    ...limits,
  });
  store.__roomMessageLimiter = { limits, limiter: created };
  return created;
}

/** Counts one message; throws TOO_MANY_REQUESTS (with retry-after) past the limit. */
export async function consumeMessageAllowance(userId: string, roomId: string): Promise<void> {
  try {
    await limiter().consume(`${roomId}:${userId}`);
  } catch (rejection) {
    // consume() rejects with a RateLimiterRes when refused, an Error when the store failed.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `You are sending messages too fast. Try again in ${formatWait(seconds)}.`,
      undefined,
      seconds,
    );
  }
}
