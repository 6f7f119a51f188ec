// Ops from a text field's before/after texts: one replaced range, in code
// points, widened to whole grapheme clusters; big ops split to fit events.
import { describe, expect, it } from "vitest";
import { OtClient } from "@/lib/documents/ot-client";
import { diffToOp, MAX_OP_BYTES, opBytes, ot, splitOp, toCodePointOffset, toUtf16Offset } from "@/lib/documents/text-ot";

describe("diffToOp", () => {
  it("makes inserts, deletes and replaces in code points", () => {
    expect(diffToOp("hello", "hello!")).toEqual([5, "!"]);
    expect(diffToOp("hello", "hllo")).toEqual([1, { d: 1 }]);
    expect(diffToOp("hello world", "hello there")).toEqual([6, { d: 5 }, "there"]);
    expect(diffToOp("👍 a", "👍 ab")).toEqual([3, "b"]); // 👍 is one code point, two UTF-16 units
    expect(diffToOp("same", "same")).toEqual([]);
  });

  it("never cuts a grapheme cluster", () => {
    // Adding a skin tone to 👍 replaces the whole cluster.
    expect(diffToOp("a👍b", "a👍🏽b")).toEqual([1, { d: 1 }, "👍🏽"]);
    // Adding an accent to e replaces "e" with "e" + combining acute.
    expect(diffToOp("cafe", "cafe\u0301")).toEqual([3, { d: 1 }, "e\u0301"]);
    // Deleting a family emoji (5 code points) deletes all of it.
    expect(diffToOp("x👨‍👩‍👧y", "xy")).toEqual([1, { d: 5 }]);
    for (const [before, after] of [
      ["a👨‍👩‍👧b", "a👨‍👩b"],
      ["e\u0301e\u0301", "e\u0301"],
      ["🇫🇷🇩🇪", "🇫🇷🇮🇹🇩🇪"],
    ] as const) {
      expect(ot.apply(before, diffToOp(before, after))).toBe(after);
    }
  });

  it("converts offsets between UTF-16 and code points", () => {
    const text = "a👍🏽b";
    expect(toUtf16Offset(text, 3)).toBe(5);
    expect(toCodePointOffset(text, 5)).toBe(3);
  });
});

describe("splitOp", () => {
  it("splits a big paste into ops that each fit an event and apply in sequence", () => {
    const paste = "📄 line of text\n".repeat(2_000);
    const op = [3, { d: 2 }, paste];
    const pieces = splitOp(op);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(opBytes(piece)).toBeLessThanOrEqual(MAX_OP_BYTES);
    const start = "abcdefgh";
    expect(pieces.reduce((text, piece) => ot.apply(text, piece), start)).toBe(ot.apply(start, op));

    const client = new OtClient({ clientId: "big-paste", text: start, version: 0 });
    client.applyLocal(op);
    expect(client.text).toBe(ot.apply(start, op));
    for (const pending of client.pending) expect(opBytes(pending)).toBeLessThanOrEqual(MAX_OP_BYTES);
  });
});
