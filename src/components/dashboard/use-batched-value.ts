"use client";
// A value that changes many times a second (a burst of events) but redraws at
// most every `intervalMs`: updates accumulate in a plain object, and React
// state receives the newest value on a throttle. The last value of a burst is
// always flushed, so the screen ends exact.
import { useCallback, useEffect, useState } from "react";

const BATCH_INTERVAL_MS = 250;

export class Batcher<T> {
  #value: T;
  #dirty = false;
  #lastFlush = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    initial: T,
    private readonly flush: (value: T) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
  ) {
    this.#value = initial;
  }

  /** The newest value, flushed or not. */
  get current(): T {
    return this.#value;
  }

  update(change: (previous: T) => T): void {
    this.#value = change(this.#value);
    this.#dirty = true;
    if (this.#timer !== null) return;
    // Leading edge on the next tick (so one task's updates count once), then
    // no more often than every intervalMs; the timer carries the latest value.
    const wait = Math.max(0, this.#lastFlush + this.intervalMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.flushNow();
    }, wait);
  }

  flushNow(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#lastFlush = Date.now();
    this.flush(this.#value);
  }

  /** Stops a pending flush (unmount); a later update schedules again. */
  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/**
 * `[value, update]`: `update(prev => next)` may be called any number of times
 * a second; `value` (React state) follows at most every `intervalMs`.
 */
export function useBatchedValue<T>(initial: T, intervalMs = BATCH_INTERVAL_MS) {
  const [value, setValue] = useState(initial);
  const [batcher] = useState(() => new Batcher<T>(initial, (next) => setValue(() => next), intervalMs));
  useEffect(() => () => batcher.cancel(), [batcher]);
  const update = useCallback((change: (previous: T) => T) => batcher.update(change), [batcher]);
  return [value, update] as const;
}
