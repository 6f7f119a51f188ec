// Posts per five-minute bucket over the last hour, oldest first; the last
// bucket ends at `until` (ms). Rolled forward as time passes.
export type PostBuckets = { buckets: readonly number[]; bucketMs: number; until: number };

/** Moves the window so that it ends at or after `now`, dropping the oldest buckets. */
export function rollBuckets(state: PostBuckets, now: number): PostBuckets {
  const steps = Math.ceil((now - state.until) / state.bucketMs);
  if (steps <= 0) return state;
  const kept = state.buckets.slice(Math.min(steps, state.buckets.length));
  const fresh = Array.from({ length: state.buckets.length - kept.length }, () => 0);
  return { ...state, buckets: [...kept, ...fresh], until: state.until + steps * state.bucketMs };
}

/** One more post now: rolls forward, then counts it in the last bucket. */
export function addPost(state: PostBuckets, now: number): PostBuckets {
  const rolled = rollBuckets(state, now);
  const buckets = [...rolled.buckets];
  buckets[buckets.length - 1] = (buckets.at(-1) ?? 0) + 1;
  return { ...rolled, buckets };
}

export function totalPosts(state: PostBuckets): number {
  return state.buckets.reduce((sum, n) => sum + n, 0);
}
