import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Batcher } from "@/components/dashboard/use-batched-value";

describe("Batcher (useBatchedValue's throttle)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("200 updates in one task flush once, with the exact total", () => {
    const flushes: number[] = [];
    const batcher = new Batcher(0, (v) => flushes.push(v), 250);
    for (let i = 0; i < 200; i++) batcher.update((n) => n + 1);
    expect(flushes).toEqual([]);
    vi.runAllTimers();
    expect(flushes).toEqual([200]);
  });

  it("200 updates spread over a second flush only a few times and end exact", () => {
    const flushes: number[] = [];
    const batcher = new Batcher(10, (v) => flushes.push(v), 250);
    for (let i = 0; i < 200; i++) {
      batcher.update((n) => n + 1);
      vi.advanceTimersByTime(5); // 200 events per second
    }
    vi.runAllTimers();
    // A second at most 4 flushes a second, plus the leading and the final one.
    expect(flushes.length).toBeGreaterThanOrEqual(2);
    expect(flushes.length).toBeLessThanOrEqual(6);
    expect(flushes.at(-1)).toBe(210);
    // Never goes back, and never more often than the interval.
    expect([...flushes].sort((a, b) => a - b)).toEqual(flushes);
  });

  it("flushes the last value of a burst after a quiet period, and nothing when idle", () => {
    const flushes: string[] = [];
    const batcher = new Batcher("a", (v) => flushes.push(v), 250);
    batcher.update(() => "b");
    vi.advanceTimersByTime(0);
    batcher.update(() => "c");
    batcher.update(() => "d");
    vi.advanceTimersByTime(100);
    expect(flushes).toEqual(["b"]);
    vi.advanceTimersByTime(200);
    expect(flushes).toEqual(["b", "d"]);
    vi.advanceTimersByTime(10_000);
    expect(flushes).toEqual(["b", "d"]);
    expect(batcher.current).toBe("d");
  });

  it("cancel drops the pending timer; the next update schedules again", () => {
    const flushes: number[] = [];
    const batcher = new Batcher(0, (v) => flushes.push(v), 250);
    batcher.update((n) => n + 1);
    batcher.cancel();
    vi.runAllTimers();
    expect(flushes).toEqual([]);
    batcher.update((n) => n + 1);
    vi.runAllTimers();
    expect(flushes).toEqual([2]);
  });
});
