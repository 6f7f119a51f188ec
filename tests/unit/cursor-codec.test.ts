// The cursor record: round trip, refusal of anything else, and its size
// against the same update as JSON (the figure in docs/documents.md).
import { describe, expect, it } from "vitest";
import {
  CURSOR_BYTES,
  CURSOR_EVENT,
  decodeCursor,
  decodeCursorBytes,
  encodeCursor,
  encodeCursorBytes,
  type CursorUpdate,
} from "@/lib/documents/cursor-codec";

const update: CursorUpdate = { version: 1_234, anchor: 5_678, head: 5_690, colour: 3 };

/** The frame Soketi sends to the others (it adds user_id on presence channels). */
function frame(data: unknown) {
  return JSON.stringify({ event: CURSOR_EVENT, channel: "presence-doc.cmf1q2w3e4r5t6y7u8i9o0p1", data, user_id: "cmf0a1b2c3d4e5f6g7h8i9j0k" });
}

describe("cursor codec", () => {
  it("round-trips the fixed-size record, base64 in the event's data", () => {
    expect(encodeCursorBytes(update)).toHaveLength(CURSOR_BYTES);
    expect(decodeCursorBytes(encodeCursorBytes(update))).toEqual(update);
    const max = { version: 2 ** 32 - 1, anchor: 2 ** 32 - 1, head: 0, colour: 255 };
    expect(decodeCursor(encodeCursor(max))).toEqual(max);
    expect(encodeCursor(update)).toHaveLength(20);
  });

  it("refuses out-of-range values and ignores records it cannot read", () => {
    expect(() => encodeCursorBytes({ ...update, head: -1 })).toThrow(RangeError);
    expect(() => encodeCursorBytes({ ...update, anchor: 1.5 })).toThrow(RangeError);
    expect(() => encodeCursorBytes({ ...update, colour: 256 })).toThrow(RangeError);
    expect(decodeCursor("not base64 at all!!")).toBeNull();
    expect(decodeCursor({ head: 1 })).toBeNull();
    expect(decodeCursorBytes(new Uint8Array(13))).toBeNull();
    const wrongFormat = encodeCursorBytes(update);
    wrongFormat[0] = 9;
    expect(decodeCursorBytes(wrongFormat)).toBeNull();
  });

  it("is at least half the size of the same update as JSON", () => {
    const encode = (s: string) => new TextEncoder().encode(s).length;
    const binaryData = encode(JSON.stringify(encodeCursor(update)));
    const jsonData = encode(JSON.stringify(update));
    const sizes = {
      record: CURSOR_BYTES,
      binaryData,
      jsonData,
      binaryFrame: encode(frame(encodeCursor(update))),
      jsonFrame: encode(frame(update)),
    };
    // docs/documents.md: 22 vs 53 bytes of data (-58 %), 143 vs 174 per frame.
    expect(sizes).toEqual({ record: 14, binaryData: 22, jsonData: 53, binaryFrame: 143, jsonFrame: 174 });
    expect(binaryData / jsonData).toBeLessThanOrEqual(0.5);
  });
});
