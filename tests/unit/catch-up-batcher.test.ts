import { describe, expect, it } from "vitest";
import { CatchUpBatcher, CatchUpRefusedError, type CatchUpRequest } from "@/lib/realtime/catch-up-batcher";

function recordingBatcher(options: { maxPerCall?: number } = {}) {
  const calls: CatchUpRequest[][] = [];
  const batcher = new CatchUpBatcher(async (requests) => {
    calls.push(requests);
    return requests.map(({ channel, afterId }) =>
      channel.startsWith("private-user.other")
        ? { channel, refused: true as const }
        : { channel, refused: false as const, events: [{ id: afterId + 1, channel }], reset: false },
    );
  }, { windowMs: 5, ...options });
  return { batcher, calls };
}

describe("CatchUpBatcher", () => {
  it("asks for every channel of a window in one call and gives each its own answer", async () => {
    const { batcher, calls } = recordingBatcher();
    const [a, b, c] = await Promise.all([
      batcher.request("private-user.1", 4),
      batcher.request("private-feed", 10),
      batcher.request("private-post.9", 0),
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual([
      { channel: "private-user.1", afterId: 4 },
      { channel: "private-feed", afterId: 10 },
      { channel: "private-post.9", afterId: 0 },
    ]);
    expect([a.events, b.events, c.events]).toEqual([
      [{ id: 5, channel: "private-user.1" }],
      [{ id: 11, channel: "private-feed" }],
      [{ id: 1, channel: "private-post.9" }],
    ]);
  });

  it("asks once per channel, from the older of two ids", async () => {
    const { batcher, calls } = recordingBatcher();
    const [first, second] = await Promise.all([batcher.request("private-feed", 7), batcher.request("private-feed", 3)]);
    expect(calls).toEqual([[{ channel: "private-feed", afterId: 3 }]]);
    expect(first).toEqual(second);
  });

  it("refuses only the refused channel's askers", async () => {
    const { batcher } = recordingBatcher();
    const refused = batcher.request("private-user.other", 0);
    const mine = batcher.request("private-user.1", 0);
    await expect(refused).rejects.toBeInstanceOf(CatchUpRefusedError);
    await expect(mine).resolves.toMatchObject({ reset: false });
  });

  it("splits a window larger than one call may hold, and a failed call fails its askers only", async () => {
    let call = 0;
    const batcher = new CatchUpBatcher(
      async (requests) => {
        if (call++ === 0) throw new Error("network down");
        return requests.map(({ channel }) => ({ channel, refused: false as const, events: [], reset: false }));
      },
      { windowMs: 5, maxPerCall: 2 },
    );
    const results = await Promise.allSettled(["a", "b", "c"].map((name) => batcher.request(`private-post.${name}`, 0)));
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "fulfilled"]);
  });

  it("a later window makes a new call", async () => {
    const { batcher, calls } = recordingBatcher();
    await batcher.request("private-feed", 1);
    await batcher.request("private-feed", 2);
    expect(calls).toHaveLength(2);
  });
});
