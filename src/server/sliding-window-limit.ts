// The one way to declare a rate limit: at most `limit` actions per key within
// any `window` seconds (a sliding window), both read from settings, counted
// in PostgreSQL (the `RateLimit` table, rows as rate-limiter-flexible's
// Postgres store keeps them), so every app instance agrees. Past the limit
// an action is refused with TOO_MANY_REQUESTS and the seconds until one fits
// again, which tRPC returns as `retryAfterSeconds` and REST as 429 +
// Retry-After.
//
// rate-limiter-flexible's own window is fixed (it starts at the first hit and
// resets after `duration`), which lets a burst at the end of one window and
// another at the start of the next pass twice the limit. So the window is
// cut into BLOCKS slices, one counter each (a key per slice, kept a little
// longer than the window), and an action counts against the slices still
// inside the window: the window slides in steps of window / BLOCKS.
//
// The count and the check are SQL the action's own statement can open with
// (countedWith): a post is one statement with its limit, not two. Past the
// limit the statement raises an error and is undone whole, so a refused
// action is neither stored nor counted, with nothing to take back after.
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { formatWait } from "@/trpc/errors";
import { dbPool } from "./db";
import { env, type Env } from "./env";
import { AppError } from "./errors";
import { RATE_LIMIT_TABLE } from "./postgres-limiter";

const BLOCKS = 10;
const rateLimitTable = Prisma.raw(`"${RATE_LIMIT_TABLE}"`);

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
  /**
   * The same, inside the action's own statement: one round trip for both.
   * `statement` gets CTEs that count the action (`count.ctes`, to open its
   * WITH) and the name of one that holds a row once the action fits
   * (`count.within`), for its write to select from. Past the limit the
   * statement fails whole, so it counts and writes nothing, and this throws
   * the refusal consume() throws. The statement must run through `pg`.
   */
  countedWith<T>(key: string, statement: (count: CountingSql) => Promise<T>): Promise<T>;
};

export type CountingSql = { ctes: Prisma.Sql; within: string };

/** What `rate_limit_within` raises past the limit (migration 20261204120000_rate_limit_guard). */
const OVER_LIMIT = "RL429";

type Settings = { limit: number; blockMs: number; durationMs: number };

export function slidingWindowLimit(options: SlidingWindowLimitOptions): SlidingWindowLimit {
  function settings(): Settings {
    const limit = env()[options.limitSetting];
    const blockMs = (env()[options.windowSetting] * 1000) / BLOCKS;
    // A slice's counter must outlive the window.
    const durationMs = (Math.ceil((BLOCKS * blockMs + blockMs) / 1000) + 1) * 1000;
    return { limit, blockMs, durationMs };
  }

  // The window's slices, oldest first, as keys of the store: the current one last.
  function sliceKeys(key: string, blockMs: number, now: number): { blocks: number[]; keys: string[] } {
    const current = Math.floor(now / blockMs);
    const blocks = Array.from({ length: BLOCKS }, (_, i) => current - BLOCKS + 1 + i);
    // rate-limiter-flexible's key format (its Postgres store wrote these rows before).
    return { blocks, keys: blocks.map((block) => `${options.name}:${key}:${block}`) };
  }

  async function countedWith<T>(key: string, statement: (count: CountingSql) => Promise<T>): Promise<T> {
    const { limit, blockMs, durationMs } = settings();
    const now = Date.now();
    const { keys } = sliceKeys(key, blockMs, now);
    try {
      return await statement(countingSql(keys.at(-1)!, keys.slice(0, -1), limit, now, durationMs));
    } catch (error) {
      if ((error as { code?: unknown }).code !== OVER_LIMIT) throw error;
      throw await refusal(key, now);
    }
  }

  /** The refusal, with the seconds until the action would fit (its statement counted nothing). */
  async function refusal(key: string, now: number): Promise<AppError> {
    const { limit, blockMs } = settings();
    const { blocks, keys } = sliceKeys(key, blockMs, now);
    const counts = await windowCounts(keys, now);
    let total = counts.reduce((a, b) => a + b, 0);
    // Possible again once enough of the oldest slices left the window.
    let i = 0;
    while (i < BLOCKS && total >= limit) total -= counts[i++]!;
    const freedAt = (blocks[Math.max(0, i - 1)]! + BLOCKS) * blockMs;
    const seconds = Math.max(1, Math.ceil((freedAt - now) / 1000));
    return new AppError("TOO_MANY_REQUESTS", `${options.message} Try again in ${formatWait(seconds)}.`, undefined, seconds);
  }

  return {
    options,
    countedWith,
    async consume(key) {
      await countedWith(key, ({ ctes, within }) =>
        dbPool().query({ name: "sliding_window_count", text: `WITH ${ctes.text} SELECT 1 FROM ${within}`, values: ctes.values }),
      );
    },
  };
}

/**
 * Counts one action in the current slice and checks it against the earlier
 * slices' counts, which no longer change: two actions at once both see each
 * other (the upsert's row lock orders them), so together they never pass
 * the limit. The upsert is rate-limiter-flexible's own
 * (RateLimiterPostgres._upsert: a count restarts once its slice expired),
 * on its table and keys. Each statement is a round trip and a socket write
 * that wakes PostgreSQL (docs/architecture.md, "Rate limits").
 */
function countingSql(current: string, earlier: string[], limit: number, now: number, durationMs: number): CountingSql {
  return {
    ctes: Prisma.sql`limit_counted AS (
        INSERT INTO ${rateLimitTable} AS r VALUES (${current}, 1, ${now + durationMs}::bigint)
        ON CONFLICT (key) DO UPDATE SET
          points = CASE WHEN r.expire <= ${now}::bigint THEN 1 ELSE r.points + 1 END,
          expire = CASE WHEN r.expire <= ${now}::bigint THEN ${now + durationMs}::bigint ELSE r.expire END
        RETURNING points),
      limit_within AS (
        SELECT 1 FROM limit_counted
        WHERE "rate_limit_within"(limit_counted.points + (
          SELECT coalesce(sum(points), 0) FROM ${rateLimitTable}
          WHERE key = ANY(${earlier}::text[]) AND (expire > ${now}::bigint OR expire IS NULL)), ${limit}::bigint))`,
    within: "limit_within",
  };
}

/** The slices' counts, in their order (0 for one never used or expired). */
async function windowCounts(keys: string[], now: number): Promise<number[]> {
  const { rows } = await dbPool().query<{ key: string; points: number }>({
    name: "sliding_window_read",
    text: `SELECT key, points FROM "${RATE_LIMIT_TABLE}" WHERE key = ANY($1::text[]) AND (expire > $2 OR expire IS NULL)`,
    values: [keys, now],
  });
  const points = new Map(rows.map((r) => [r.key, Number(r.points)]));
  return keys.map((k) => points.get(k) ?? 0);
}
