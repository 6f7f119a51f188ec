// The one way to declare a rate limit: at most `limit` actions per key within
// any `window` seconds (a sliding window), both read from settings, counted
// in PostgreSQL through rate-limiter-flexible's Postgres store (the
// `RateLimit` table), so every app instance agrees. Past the limit an action
// is refused with TOO_MANY_REQUESTS and the seconds until one fits again,
// which tRPC returns as `retryAfterSeconds` and REST as 429 + Retry-After.
//
// rate-limiter-flexible's own window is fixed (it starts at the first hit and
// resets after `duration`), which lets a burst at the end of one window and
// another at the start of the next pass twice the limit. So the window is
// cut into BLOCKS slices, one counter each (a key per slice, kept a little
// longer than the window), and an action counts against the slices still
// inside the window: the window slides in steps of window / BLOCKS.
import "server-only";
import type { RateLimiterPostgres } from "rate-limiter-flexible";
import { formatWait } from "@/trpc/errors";
import { dbPool } from "./db";
import { env, type Env } from "./env";
import { AppError } from "./errors";
import { postgresLimiter, RATE_LIMIT_TABLE } from "./postgres-limiter";

const BLOCKS = 10;

type NumberSetting = { [K in keyof Env]-?: Env[K] extends number ? K : never }[keyof Env];

export type SlidingWindowLimitOptions = {
  /** Names the counters in the store; unique per limit. */
  name: string;
  /** The setting holding how many actions fit in the window. */
  limitSetting: NumberSetting;
  /** The setting holding the window's length in seconds. */
  windowSetting: NumberSetting;
  /** The refusal's first sentence ("You are posting too fast."); the wait is added. */
  message: string;
};

export type SlidingWindowLimit = {
  readonly options: SlidingWindowLimitOptions;
  /**
   * Counts one action for `key`; throws TOO_MANY_REQUESTS (with retry-after)
   * when it would make more than the limit inside the window, and then
   * counts nothing.
   */
  consume(key: string): Promise<void>;
};

type Counters = { limit: number; windowMs: number; blockMs: number; durationMs: number; store: RateLimiterPostgres };

export function slidingWindowLimit(options: SlidingWindowLimitOptions): SlidingWindowLimit {
  let cached: Counters | undefined;
  function counters(): Counters {
    const limit = env()[options.limitSetting];
    const windowMs = env()[options.windowSetting] * 1000;
    if (cached && cached.limit === limit && cached.windowMs === windowMs) return cached;
    const blockMs = windowMs / BLOCKS;
    // A slice's counter never refuses by itself; it must outlive the window.
    const duration = Math.ceil((windowMs + blockMs) / 1000) + 1;
    const store = postgresLimiter(options.name, { points: Number.MAX_SAFE_INTEGER, duration });
    cached = { limit, windowMs, blockMs, durationMs: duration * 1000, store };
    return cached;
  }

  return {
    options,
    async consume(key) {
      const { limit, blockMs, durationMs, store } = counters();
      const now = Date.now();
      const current = Math.floor(now / blockMs);
      const slice = (block: number) => `${key}:${block}`;
      const blocks = Array.from({ length: BLOCKS }, (_, i) => current - BLOCKS + 1 + i); // oldest first
      // The current slice is counted and read from its own answer: two
      // actions at once both see each other, so together they can never pass
      // the limit (at worst both are refused). Earlier slices no longer
      // change, so the same statement reads them.
      const { counted, earlier } = await countAndReadWindow(store, slice(current), blocks.slice(0, -1).map(slice), durationMs, now);
      const counts = [...earlier, counted];
      let total = counts.reduce((a, b) => a + b, 0);
      if (total <= limit) return;

      await store.reward(slice(current)); // a refused action does not count
      total -= 1;
      // Possible again once enough of the oldest slices left the window.
      let i = 0;
      while (i < BLOCKS && total >= limit) total -= counts[i++]!;
      const freedAt = (blocks[Math.max(0, i - 1)]! + BLOCKS) * blockMs;
      const seconds = Math.max(1, Math.ceil((freedAt - now) / 1000));
      throw new AppError("TOO_MANY_REQUESTS", `${options.message} Try again in ${formatWait(seconds)}.`, undefined, seconds);
    },
  };
}

/**
 * Counts one action in the current slice and reads the earlier slices'
 * counts (oldest first, 0 for one never used or expired), in one statement.
 * Through the library these were two at once (its upsert, and a read of
 * the others on a second connection). Each statement is a round trip and a
 * socket write that wakes PostgreSQL (docs/architecture.md, "Rate limits").
 * The upsert is rate-limiter-flexible's own (RateLimiterPostgres._upsert:
 * a count restarts once its slice expired), on its table and keys, so its
 * `reward` still undoes it.
 */
async function countAndReadWindow(
  store: RateLimiterPostgres,
  current: string,
  earlierSlices: string[],
  durationMs: number,
  now: number,
): Promise<{ counted: number; earlier: number[] }> {
  const currentKey = store.getKey(current);
  const keys = earlierSlices.map((s) => store.getKey(s));
  const { rows } = await dbPool().query<{ key: string; points: number }>({
    name: "sliding_window_count",
    text: `WITH counted AS (
        INSERT INTO "${RATE_LIMIT_TABLE}" AS r VALUES ($1, 1, $3)
        ON CONFLICT (key) DO UPDATE SET
          points = CASE WHEN r.expire <= $4 THEN 1 ELSE r.points + 1 END,
          expire = CASE WHEN r.expire <= $4 THEN $3 ELSE r.expire END
        RETURNING key, points)
      SELECT key, points FROM counted
      UNION ALL
      SELECT key, points FROM "${RATE_LIMIT_TABLE}" WHERE key = ANY($2::text[]) AND (expire > $4 OR expire IS NULL)`,
    values: [currentKey, keys, now + durationMs, now],
  });
  const points = new Map(rows.map((r) => [r.key, Number(r.points)]));
  return { counted: points.get(currentKey)!, earlier: keys.map((k) => points.get(k) ?? 0) };
}
