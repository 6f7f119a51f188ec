// Paths taken from a request (`?next=`, a notification's link) must stay in
// the app however a browser reads them: these are the strings that used to
// leave it (a tab is dropped, a backslash is a slash, `//` names a host).
import { describe, expect, it } from "vitest";
import { inAppPath, linkTarget, safeNextPath } from "@/lib/navigation/safe-next-path";
import { sendNotificationInput } from "@/lib/validation/notifications";

const attacks = [
  "/%09/evil.example/phish", // as it arrives in a query string; decoded it is the next line
  "/\t/evil.example/phish",
  "/\\evil.com",
  "\\/evil.com",
  "//evil.com",
  "/\t/evil",
  "/\n/evil.com",
  " //evil.com",
  "https://evil.com",
  "http:evil.com",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,hi",
];

describe("in-app paths", () => {
  it.each(attacks.map((a) => [JSON.stringify(a), a]))("%s never leaves the app", (_, value) => {
      const path = inAppPath(value);
      if (path !== null) expect(new URL(path, "https://app.example").origin).toBe("https://app.example");
      const next = safeNextPath(value);
      expect(new URL(next, "https://app.example").origin).toBe("https://app.example");
  });

  it("refuses what a browser would read as another origin, and keeps real paths (normalised)", () => {
    expect(inAppPath("/\\evil.com")).toBeNull();
    expect(inAppPath("/\t/evil.example/phish")).toBeNull();
    expect(inAppPath("//evil.com")).toBeNull();
    expect(inAppPath("https://evil.com")).toBeNull();
    expect(inAppPath("javascript:alert(1)")).toBeNull();
    expect(inAppPath("/inbox?unread=1#top")).toBe("/inbox?unread=1#top");
    expect(inAppPath("/posts/../inbox")).toBe("/inbox");
    expect(inAppPath("/%09/evil.example/phish")).toBe("/%09/evil.example/phish");
  });

  it("sends sign-in's next elsewhere only inside the app, never back to sign-in", () => {
    expect(safeNextPath("/\t/evil.example/phish")).toBe("/");
    expect(safeNextPath("/\\evil.com", "/inbox")).toBe("/inbox");
    expect(safeNextPath(["/feed", "//evil.com"])).toBe("/feed");
    expect(safeNextPath("/sign-in?next=/x")).toBe("/");
    expect(safeNextPath("/./sign-in")).toBe("/");
    expect(safeNextPath("/rooms/1?tab=agenda")).toBe("/rooms/1?tab=agenda");
  });

  it("refuses the attack strings as an admin's notification link, and keeps http(s) and app links", () => {
    for (const link of ["/\\evil.com", "/\t/evil", "//evil.com", "javascript:alert(1)", "/\t/evil.example/phish"]) {
      const parsed = sendNotificationInput.safeParse({ recipientEmail: "a@test.example", title: "Hi", link });
      expect(parsed.success, link).toBe(false);
    }
    const ok = sendNotificationInput.parse({ recipientEmail: "a@test.example", title: "Hi", link: "/inbox" });
    expect(ok.link).toBe("/inbox");
    expect(sendNotificationInput.parse({ recipientEmail: "a@test.example", title: "Hi", link: "https://example.org/x" }).link).toBe(
      "https://example.org/x",
    );
  });

  it("renders a stored link as in-app, external (new tab) or not at all", () => {
    expect(linkTarget("/inbox")).toEqual({ kind: "app", href: "/inbox" });
    expect(linkTarget("https://example.org/a")).toEqual({ kind: "external", href: "https://example.org/a" });
    // Rows written before links were checked this way.
    expect(linkTarget("/\\evil.com")).toBeNull();
    expect(linkTarget("javascript:alert(1)")).toBeNull();
    expect(linkTarget(null)).toBeNull();
  });
});
