// Journey: the app installs as a PWA (manifest, icons, service worker), a
// navigation without network shows the app's offline page instead of the
// browser's error, and the inbox works on a 360-pixel-wide phone screen.
import { expect, test } from "./support/test";
import { demo, expectLive, signIn } from "./support/accounts";

test("the manifest and the service worker register", async ({ page }) => {
  await page.goto("/sign-in");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBeTruthy();
  const manifest = await (await page.request.get(href!)).json();
  expect(manifest).toMatchObject({ name: "Live Notify", display: "standalone", start_url: "/", theme_color: "#1d4ed8" });
  const sizes = manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "192x192 maskable", "512x512 maskable"]));
  for (const icon of manifest.icons as { src: string }[]) {
    const response = await page.request.get(icon.src);
    expect(response.headers()["content-type"]).toBe("image/png");
  }
  const script = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  expect(script).toMatch(/\/sw\.js$/);
});

test("with the network offline, a navigation shows the offline page", async ({ page, context }) => {
  await signIn(page, demo.alice);
  await page.goto("/feed");
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    // The page loaded before the worker existed: wait until it controls this page.
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
  });
  await context.setOffline(true);
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
  await context.setOffline(false);
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
});

test("at 360 px wide the inbox is usable: navigation, list and no sideways scrolling", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, demo.alice);
  await page.goto("/feed");
  await expectLive(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The feed and the rooms fit the screen too.
  for (const [path, heading] of [["/feed", "Feed"], ["/rooms", "Rooms"]] as const) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: heading }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  }
  await page.goto("/inbox");
  // From a fresh load, the keyboard starts at the skip link, then the navigation.
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await context.close();
});
