// The @mention token: what the picker inserts, what the server
// reads, what people see.
import { describe, expect, it } from "vitest";
import { mentionedIds, mentionQueryAt, mentionToken, plainMentions, splitMentions } from "@/lib/mentions/mention-tokens";

describe("mention tokens", () => {
  it("makes a token that survives brackets in a name and reads back the person", () => {
    const token = mentionToken({ id: "u_1", name: "Ada [the] Admin" });
    expect(token).toBe("@[Ada the Admin](u_1)");
    expect(splitMentions(`hi ${token}!`)).toEqual([
      { kind: "text", text: "hi " },
      { kind: "mention", name: "Ada the Admin", userId: "u_1" },
      { kind: "text", text: "!" },
    ]);
  });

  it("lists each person once, in order, and shows text as people read it", () => {
    const text = "@[Bo](b) and @[Al](a), again @[Bo](b); not @[x](bad id) or @Bo";
    expect(mentionedIds(text)).toEqual(["b", "a"]);
    expect(plainMentions(text)).toBe("@Bo and @Al, again @Bo; not @[x](bad id) or @Bo");
  });

  it("finds the @query being typed before the caret, not inside a word or an email", () => {
    expect(mentionQueryAt("hello @al", 9)).toEqual({ start: 6, query: "al" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("mail me@al", 10)).toBeNull();
    expect(mentionQueryAt("@al ice", 7)).toBeNull();
    expect(mentionQueryAt("x\n@bo rest", 5)).toEqual({ start: 2, query: "bo" });
  });
});
