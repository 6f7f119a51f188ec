import { describe, expect, it } from "vitest";
import { NUL_MESSAGE, SURROGATE_MESSAGE, unstorableText } from "@/lib/validation/nul";

const pathToNul = (value: unknown) => unstorableText(value)?.path ?? null;

describe("unstorableText", () => {
  it("names the field, list index or key that holds NUL", () => {
    expect(pathToNul({ title: "fine", body: "a\u0000b" })).toEqual(["body"]);
    expect(pathToNul({ audience: { userIds: ["ok", "\u0000"] } })).toEqual(["audience", "userIds", 1]);
    expect(pathToNul({ extra: { "key\u0000": 1 } })).toEqual(["extra", "key\u0000"]);
    expect(pathToNul("\u0000")).toEqual([]);
    expect(pathToNul(new Map([["k", new Set(["\u0000"])]]))).toEqual(["k", 0]);
  });

  it("finds half a surrogate pair, alone or at either end, and says which it found", () => {
    expect(unstorableText({ title: "x \ud800 y" })).toEqual({ path: ["title"], message: SURROGATE_MESSAGE });
    expect(unstorableText({ title: "\udc00 at the start" })?.path).toEqual(["title"]);
    expect(unstorableText({ title: "at the end \ud83d" })?.path).toEqual(["title"]);
    expect(unstorableText({ tags: { "key\udfff": 1 } })?.path).toEqual(["tags", "key\udfff"]);
    expect(unstorableText({ body: "a\u0000b" })?.message).toBe(NUL_MESSAGE);
  });

  it("finds nothing in clean input, whatever its types", () => {
    expect(unstorableText({ title: "emoji 🎉 and 𝄞 are whole pairs", body: "日本語" })).toBeNull();
    expect(pathToNul({ a: 1, b: null, c: [true, "text", new Date(0)], d: undefined })).toBeNull();
    expect(pathToNul(undefined)).toBeNull();
  });

  it("walks nesting far deeper than the call stack allows", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(pathToNul(deep)).toHaveLength(200_000);
  });
});
