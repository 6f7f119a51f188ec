import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

export const demo = {
  admin: { email: "admin@example.com", password: "password" },
  alice: { email: "alice@example.com", password: "password" },
  bob: { email: "bob@example.com", password: "password" },
  carol: { email: "carol@example.com", password: "password" },
};

/** A new browser (own cookies) signed in as `who`, on `path`, with the live connection up. */
export async function signedInPage(browser: Browser, who: { email: string; password: string }, path = "/") {
  const page = await signedInContextPage(browser, who);
  await page.goto(path);
  await expectLive(page);
  return page;
}

// The session cookies each account got the first time it signed in during
// this run (a worker runs the files one after another). Sessions are JWTs
// that stay valid until their person's session version moves, and the
// journeys that sign out everywhere or change roles use accounts of their
// own. Signing in through the form every time cost two page loads and a
// password hash per browser, minutes over the run; the sign-in form keeps
// journeys of its own (accounts.spec.ts, account-security.spec.ts).
const sessionCookies = new Map<string, Awaited<ReturnType<BrowserContext["cookies"]>>>();

/** A new browser context signed in as `who`, and a blank page in it. */
export async function signedInContextPage(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const cookies = sessionCookies.get(who.email);
  const context = await browser.newContext(cookies ? { storageState: { cookies, origins: [] } } : {});
  const page = await context.newPage();
  if (!cookies) {
    await signIn(page, who);
    sessionCookies.set(who.email, await context.cookies());
  }
  return page;
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

export async function expectLive(page: Page) {
  await expect(page.getByTestId("connection-status")).toContainText("Live");
}

/** The unread badge's number (0 when the badge is not shown). */
export async function unreadBadge(page: Page): Promise<number> {
  const badge = page.getByTestId("unread-badge");
  if (!(await badge.isVisible())) return 0;
  return Number(await badge.innerText());
}
