// The rate limits' counters (the `RateLimit` table) are written for every
// limited action and used to stay forever. Counters that have
// expired are pruned by the cleanup job; live ones stay, so limits hold.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { pruneRateLimits } from "@/server/prune-rate-limits";
import { slidingWindowLimit } from "@/server/sliding-window-limit";

// A small limit for this file only (settings are read once per test file).
process.env.ROOM_MESSAGE_LIMIT = "3";
afterAll(() => {
  delete process.env.ROOM_MESSAGE_LIMIT;
});

const limit = slidingWindowLimit({
  name: `prune-test-${randomUUID().slice(0, 8)}`,
  limitSetting: "ROOM_MESSAGE_LIMIT",
  windowSetting: "ROOM_MESSAGE_WINDOW_SECONDS",
  message: "You are going too fast.",
});

async function uses(key: string, times: number) {
  for (let i = 0; i < times; i++) await limit.consume(key);
}

const refused = (key: string) =>
  limit.consume(key).then(
    () => false,
    (error: unknown) => (error as { code?: string }).code === "TOO_MANY_REQUESTS",
  );

/** The counters of one key (one row per slice of the window). */
async function counters(key: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "RateLimit" WHERE "key" LIKE ${`${limit.options.name}:${key}:%`}`;
  return rows[0]!.n;
}

/** Moves a key's counters `hours` into the past, as if the time had passed. */
async function age(key: string, hours: number) {
  await db.$executeRaw`
    UPDATE "RateLimit" SET "expire" = "expire" - ${Math.round(hours * 3600_000)}::bigint
    WHERE "key" LIKE ${`${limit.options.name}:${key}:%`}`;
}

describe("pruning rate-limit counters", () => {
  it("deletes expired counters, keeps live ones, and limits still hold", async () => {
    await uses("stale", 3);
    await uses("live", 3);
    expect(await refused("live")).toBe(true);
    expect(await counters("stale")).toBeGreaterThan(0);
    const liveCounters = await counters("live");
    // The stale key's counters expired two hours ago.
    await age("stale", 2);

    expect(await pruneRateLimits(db)).toBeGreaterThanOrEqual(1);

    expect(await counters("stale")).toBe(0);
    expect(await counters("live")).toBe(liveCounters);
    // The live key is still at its limit; the stale one starts afresh.
    expect(await refused("live")).toBe(true);
    await uses("stale", 3);
    expect(await refused("stale")).toBe(true);
  });

  it("keeps counters that expired only a moment ago, in case another machine's clock is behind", async () => {
    await uses("just-expired", 1);
    await age("just-expired", 0.01); // 36 seconds
    await pruneRateLimits(db);
    expect(await counters("just-expired")).toBeGreaterThan(0);
  });
});
