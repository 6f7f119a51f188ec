import { describe, expect, it } from "vitest";
import { addPost, rollBuckets, totalPosts, type PostBuckets } from "@/components/dashboard/post-buckets";

const MIN5 = 5 * 60_000;
const start: PostBuckets = { buckets: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3], bucketMs: MIN5, until: 1_000_000_000 };

describe("posts-in-the-last-hour buckets", () => {
  it("a post before the window ends counts in the last bucket", () => {
    const next = addPost(start, start.until - 1);
    expect(next.buckets.at(-1)).toBe(4);
    expect(next.until).toBe(start.until);
    expect(totalPosts(next)).toBe(7);
  });

  it("time passing rolls the window: oldest buckets drop, new empty ones on the right", () => {
    const rolled = rollBuckets(start, start.until + 1);
    expect(rolled.buckets).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 0]);
    expect(rolled.until).toBe(start.until + MIN5);
    expect(rollBuckets(start, start.until)).toBe(start);
    const later = addPost(start, start.until + 2 * MIN5 + 1);
    expect(later.buckets).toEqual([0, 0, 0, 0, 0, 0, 0, 2, 3, 0, 0, 1]);
  });

  it("after more than an hour everything is empty", () => {
    const rolled = rollBuckets(start, start.until + 13 * MIN5);
    expect(rolled.buckets).toEqual(Array.from({ length: 12 }, () => 0));
    expect(totalPosts(rolled)).toBe(0);
  });
});
