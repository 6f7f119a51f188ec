// A click on a notification (public/sw-notification-click.js, which the
// service worker loads): it reuses a window of the app that is already open,
// moving it to the link, and opens a new one only when none is; a link that
// would leave the app opens the inbox instead. A headless browser cannot
// click a system notification, so the decision is tested here and the
// browser journey (e2e/installed-pwa.spec.ts) checks the worker loads it.
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { inAppPath } from "@/lib/navigation/safe-next-path";

type Window = { url: string; focused: boolean };
type Plan = { action: "focus"; index: number; navigate: string | null } | { action: "open"; url: string };
// As importScripts runs it: a classic script whose functions become globals.
const worker = { URL } as Record<string, unknown>;
runInNewContext(readFileSync(new URL("../../public/sw-notification-click.js", import.meta.url), "utf8"), worker);
const { notificationClickPlan, notificationTarget } = worker as {
  notificationClickPlan(windows: Window[], link: unknown, origin: string): Plan;
  notificationTarget(link: unknown, origin: string): string;
};

const origin = "https://app.example";
const tab = (path: string, focused = false): Window => ({ url: `${origin}${path}`, focused });

describe("notification click", () => {
  it("opens a new window at the link only when no window of the app is open", () => {
    expect(notificationClickPlan([], "/posts/p1", origin)).toEqual({ action: "open", url: `${origin}/posts/p1` });
    // Windows of other sites are not the app's.
    expect(notificationClickPlan([{ url: "https://other.example/posts/p1", focused: true }], "/posts/p1", origin)).toEqual({
      action: "open",
      url: `${origin}/posts/p1`,
    });
  });

  it("focuses the window already at the link, without moving it", () => {
    const windows = [tab("/feed", true), tab("/posts/p1"), tab("/rooms")];
    expect(notificationClickPlan(windows, "/posts/p1", origin)).toEqual({ action: "focus", index: 1, navigate: null });
  });

  it("otherwise focuses the focused window and moves it to the link", () => {
    const windows = [tab("/rooms"), tab("/feed", true)];
    expect(notificationClickPlan(windows, "/posts/p1?c=2#comments", origin)).toEqual({
      action: "focus",
      index: 1,
      navigate: `${origin}/posts/p1?c=2#comments`,
    });
  });

  it("with none focused, takes the first listed (the most recently used)", () => {
    expect(notificationClickPlan([tab("/rooms"), tab("/feed")], "/inbox", origin)).toEqual({
      action: "focus",
      index: 0,
      navigate: `${origin}/inbox`,
    });
  });

  it("never leaves the app: an outside or malformed link opens the inbox", () => {
    for (const link of ["https://evil.example/x", "//evil.example", "/\\evil.example", "/\t/evil.example", "javascript:alert(1)", "", null, 42]) {
      expect(notificationTarget(link, origin), JSON.stringify(link)).toBe(`${origin}/inbox`);
    }
    expect(notificationClickPlan([tab("/feed", true)], "https://evil.example/x", origin)).toEqual({
      action: "focus",
      index: 0,
      navigate: `${origin}/inbox`,
    });
  });

  it("reads links as the app's own helper does (inAppPath)", () => {
    for (const link of ["/posts/p1", "/a/../b", "/%09/evil.example", "/\t/evil", "//evil.com", "/\\evil.com", "/x?y=1#z"]) {
      const path = inAppPath(link, origin);
      expect(notificationTarget(link, origin), JSON.stringify(link)).toBe(path ? `${origin}${path}` : `${origin}/inbox`);
    }
  });
});
