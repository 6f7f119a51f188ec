import { describe, expect, it } from "vitest";
import { pathToNul } from "@/lib/validation/nul";

describe("pathToNul", () => {
  it("names the field, list index or key that holds NUL", () => {
    expect(pathToNul({ title: "fine", body: "a\u0000b" })).toEqual(["body"]);
    expect(pathToNul({ audience: { userIds: ["ok", "\u0000"] } })).toEqual(["audience", "userIds", 1]);
    expect(pathToNul({ extra: { "key\u0000": 1 } })).toEqual(["extra", "key\u0000"]);
    expect(pathToNul("\u0000")).toEqual([]);
    expect(pathToNul(new Map([["k", new Set(["\u0000"])]]))).toEqual(["k", 0]);
  });

  it("finds nothing in clean input, whatever its types", () => {
    expect(pathToNul({ a: 1, b: null, c: [true, "text", new Date(0)], d: undefined })).toBeNull();
    expect(pathToNul(undefined)).toBeNull();
  });

  it("walks nesting far deeper than the call stack allows", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(pathToNul(deep)).toHaveLength(200_000);
  });
});
