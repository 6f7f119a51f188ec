import { expect, type Browser, type Page } from "@playwright/test";

export const demo = {
  admin: { email: "admin@example.com", password: "password" },
  alice: { email: "alice@example.com", password: "password" },
  bob: { email: "bob@example.com", password: "password" },
  carol: { email: "carol@example.com", password: "password" },
};

/** A new browser (own cookies) signed in as `who`, on `path`, with the live connection up. */
export async function signedInPage(browser: Browser, who: { email: string; password: string }, path = "/") {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  await page.goto(path);
  await expectLive(page);
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
