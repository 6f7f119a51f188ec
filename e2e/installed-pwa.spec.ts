// Journey: the installed PWA on a phone. Every signed-in page (the admin's
// too) fits a 360-pixel-wide screen with every header section in view; the
// app icon's badge follows the unread count as notifications arrive; the
// service worker carries the notification-click handler that focuses an
// open tab (its decision is unit-tested in tests/unit/notification-click.test.ts:
// a headless browser cannot click a system notification).
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { demo, expectLive, signIn, unreadBadge } from "./support/accounts";
import { sendAsAdmin } from "./support/notifications";
import { mutate } from "./support/trpc";

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** What sticks out past the right edge, to say which element is too wide when the check fails. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > width + 0.5;
    // The innermost ones: what makes their containers too wide.
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => sticksOut(el) && ![...el.children].some(sticksOut))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent?.slice(0, 30)}" → ${Math.round(el.getBoundingClientRect().right)}px`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  });
}

test("at 360 px every signed-in page fits the screen and every header section is in view", async ({ browser }) => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await signIn(page, demo.admin);
  await page.goto("/");
  const post = (await mutate(page, "posts.create", { title: `Phone post ${Date.now()}`, body: "A post to read on a phone" })) as { id: string };
  const room = (await mutate(page, "rooms.create", { name: `Phone room ${Date.now()}` })) as { id: string };
  const doc = (await mutate(page, "documents.create", { title: `Phone doc ${Date.now()}` })) as { id: string };

  const pages = [
    ["/", /./],
    ["/feed", /Feed/],
    [`/posts/${post.id}`, /Phone post/],
    ["/rooms", /Rooms/],
    [`/rooms/${room.id}`, /Phone room/],
    ["/inbox", /Inbox/],
    ["/docs", /Documents/],
    [`/docs/${doc.id}`, /Phone doc/],
    ["/imports", /Imports/],
    ["/profile", /Profile/],
    ["/settings/notifications", /Notification/],
    ["/admin", /Admin/],
  ] as const;
  const sections = ["Home", "Feed", "Rooms", "Inbox", "Documents", "Imports", "Admin", "Profile"];

  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toHaveText(heading);
    await expectLive(page);
    const measured = await overflow(page);
    expect.soft(measured.scrollWidth, `${path} is wider than the phone: ${measured.wide.join(", ")}`).toBeLessThanOrEqual(360);

    // Every section's link is on screen as the page opens: no sideways
    // scrolling of the header to find one.
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of sections) {
      const link = nav.getByRole("link", { name, exact: true });
      await expect.soft(link, `${name} on ${path}`).toBeInViewport({ ratio: 1 });
    }
    await expect(page.getByRole("button", { name: /^Notifications/ })).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeInViewport({ ratio: 1 });
  }

  // The header's links work by keyboard too: Tab from the skip link reaches them in order.
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" })).toBeFocused();
  await context.close();
});

test("the app icon's badge shows the unread count as a notification arrives", async ({ browser }) => {
  const context = await browser.newContext(phone);
  // Headless Chromium may not badge anything: record what the app asks for.
  await context.addInitScript(() => {
    const calls: number[] = [];
    Object.assign(window, { appBadgeCalls: calls });
    Object.defineProperty(Navigator.prototype, "setAppBadge", {
      configurable: true,
      value: (count?: number) => {
        calls.push(count ?? 0);
        return Promise.resolve();
      },
    });
    Object.defineProperty(Navigator.prototype, "clearAppBadge", {
      configurable: true,
      value: () => {
        calls.push(0);
        return Promise.resolve();
      },
    });
  });
  const page = await context.newPage();
  await signIn(page, demo.bob);
  await page.goto("/inbox");
  await expectLive(page);
  const badgeCalls = () => page.evaluate(() => (window as unknown as { appBadgeCalls: number[] }).appBadgeCalls);
  const before = await unreadBadge(page);
  // The count the page loaded with is on the icon already.
  await expect.poll(async () => (await badgeCalls()).at(-1)).toBe(before);

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, demo.admin);
  await admin.goto("/admin");
  await sendAsAdmin(admin, demo.bob.email, `Badge check ${Date.now()}`, "");
  await expect.poll(() => unreadBadge(page)).toBe(before + 1);
  await expect.poll(async () => (await badgeCalls()).at(-1)).toBe(before + 1);

  // Reading everything clears the icon's badge.
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect.poll(() => unreadBadge(page)).toBe(0);
  await expect.poll(async () => (await badgeCalls()).at(-1)).toBe(0);
  await context.close();
});

test("the registered service worker focuses an open tab on a notification click", async ({ page, context }) => {
  await signIn(page, demo.alice);
  await page.goto("/inbox");
  const scriptURL = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  expect(scriptURL).toMatch(/\/sw\.js$/);
  const source = await (await page.request.get(scriptURL!)).text();
  expect(source).toContain('addEventListener("notificationclick"');
  expect(source).toContain('importScripts("/sw-notification-click.js")');

  // Inside the running worker, the shared decision is loaded: with this tab
  // open, a click focuses it and moves it to the notification's link.
  const worker = context.serviceWorkers().find((w) => w.url().endsWith("/sw.js")) ?? (await context.waitForEvent("serviceworker"));
  const plan = await worker.evaluate(async () => {
    const scope = self as unknown as {
      clients: { matchAll(o: object): Promise<{ url: string; focused: boolean }[]> };
      notificationClickPlan(clients: { url: string; focused: boolean }[], link: unknown, origin: string): { action: string; index?: number; navigate?: string | null; url?: string };
      location: Location;
    };
    const windows = await scope.clients.matchAll({ type: "window", includeUncontrolled: true });
    return {
      external: scope.notificationClickPlan(windows, "https://evil.example/x", scope.location.origin),
      inApp: scope.notificationClickPlan(windows, "/feed", scope.location.origin),
    };
  });
  expect(plan.inApp).toMatchObject({ action: "focus", navigate: expect.stringMatching(/\/feed$/) });
  expect(plan.external).toMatchObject({ action: "focus", navigate: null });
});
