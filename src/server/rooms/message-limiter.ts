// Chat messages per person per room: at most ROOM_MESSAGE_LIMIT within any
// ROOM_MESSAGE_WINDOW_SECONDS (a sliding window). Counts live in PostgreSQL
// through rate-limiter-flexible's Postgres store (the `RateLimit` table the
// sign-in limiter uses), so every app instance agrees.
//
// rate-limiter-flexible's own window is fixed (it starts at the first hit and
// resets after `duration`), which lets a burst at the end of one window and
// another at the start of the next pass twice the limit. So the window is
// cut into BLOCKS slices, one counter each (a key per slice, kept a little
// longer than the window), and a message counts against the slices still
// inside the window: the window slides in steps of window / BLOCKS.
import type { RateLimiterPostgres } from "rate-limiter-flexible";
import { formatWait } from "@/trpc/errors";
import { env } from "../env";
import { AppError } from "../errors";
import { postgresLimiter } from "../postgres-limiter";

const BLOCKS = 10;

type Settings = { limit: number; windowMs: number; blockMs: number; counters: RateLimiterPostgres };
const store = globalThis as unknown as { __roomMessageLimiter?: Settings };

function settings(): Settings {
  const limit = env().ROOM_MESSAGE_LIMIT;
  const windowMs = env().ROOM_MESSAGE_WINDOW_SECONDS * 1000;
  const cached = store.__roomMessageLimiter;
  if (cached && cached.limit === limit && cached.windowMs === windowMs) return cached;
  const blockMs = windowMs / BLOCKS;
  // A slice's counter never refuses by itself; it must outlive the window.
  const counters = postgresLimiter("room-msg", {
    points: Number.MAX_SAFE_INTEGER,
    duration: Math.ceil((windowMs + blockMs) / 1000) + 1,
  });
  store.__roomMessageLimiter = { limit, windowMs, blockMs, counters };
  return store.__roomMessageLimiter;
}

/**
 * Counts one message; throws TOO_MANY_REQUESTS (with retry-after) when it
 * would make more than the limit inside the window, and then counts nothing.
 */
export async function consumeMessageAllowance(userId: string, roomId: string): Promise<void> {
  const { limit, blockMs, counters } = settings();
  const now = Date.now();
  const current = Math.floor(now / blockMs);
  const key = (block: number) => `${roomId}:${userId}:${block}`;
  // Count first, then look: two messages sent at once both see each other,
  // so together they can never pass the limit (at worst both are refused).
  await counters.consume(key(current));
  const blocks = Array.from({ length: BLOCKS }, (_, i) => current - BLOCKS + 1 + i); // oldest first
  const counts = await Promise.all(blocks.map(async (b) => (await counters.get(key(b)))?.consumedPoints ?? 0));
  let total = counts.reduce((a, b) => a + b, 0);
  if (total <= limit) return;

  await counters.reward(key(current)); // a refused message does not count
  total -= 1;
  // Sending is possible again once enough of the oldest slices left the window.
  let i = 0;
  while (i < BLOCKS && total >= limit) total -= counts[i++]!;
  const freedAt = (blocks[Math.max(0, i - 1)]! + BLOCKS) * blockMs;
  const seconds = Math.max(1, Math.ceil((freedAt - now) / 1000));
  throw new AppError(
    "TOO_MANY_REQUESTS",
    `You are sending messages too fast. Try again in ${formatWait(seconds)}.`,
    undefined,
    seconds,
  );
}
