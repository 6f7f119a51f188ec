// Journey: on a 360-pixel phone, a person with two tabs of their inbox
// selects two notifications with the keyboard and archives them in one tab;
// the other tab's list and badge follow without a reload, and the Archive
// view lists them. Bringing one back and deleting the other follow too.
import { expect, test, type Page } from "./support/test";
import { demo, expectLive, signedInPage, unreadBadge } from "./support/accounts";
import { sendAsAdmin } from "./support/notifications";

const item = (page: Page, title: string) => page.getByTestId("notification-item").filter({ hasText: title });

async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test("select with the keyboard, archive in one tab: the other tab's list and badge follow, at 360 px", async ({ browser }) => {
  const stamp = Date.now();
  const email = `inbox-${stamp}@example.com`;
  const titles = [`Invoice ${stamp}`, `Build ${stamp}`, `Lunch ${stamp}`];

  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const first = await context.newPage();
  await first.goto("/sign-up");
  await first.getByLabel("Name").fill("Ines");
  await first.getByLabel("Email").fill(email);
  await first.getByLabel("Password").fill("a long passphrase");
  await first.getByRole("button", { name: /create account|sign up/i }).click();
  await expect(first).not.toHaveURL(/\/sign-up/);
  await first.goto("/inbox");
  await expectLive(first);

  const admin = await signedInPage(browser, demo.admin, "/admin");
  for (const title of titles) await sendAsAdmin(admin, email, title, "for the inbox journey");
  for (const title of titles) await expect(item(first, title)).toBeVisible();
  await expect.poll(() => unreadBadge(first)).toBe(3);

  const second = await context.newPage();
  await second.goto("/inbox");
  await expectLive(second);
  for (const title of titles) await expect(item(second, title)).toBeVisible();
  await fitsTheScreen(second);

  // Keyboard only: the checkboxes take focus and Space toggles them.
  const pick = (title: string) => first.getByRole("checkbox", { name: `Select “${title}”` });
  await pick(titles[0]!).focus();
  await first.keyboard.press("Space");
  await expect(pick(titles[0]!)).toBeChecked();
  await pick(titles[1]!).focus();
  await first.keyboard.press("Space");
  await expect(first.getByText("2 selected")).toBeVisible();
  await fitsTheScreen(first);
  const archive = first.getByRole("button", { name: "Archive selected (2)" });
  await archive.focus();
  await first.keyboard.press("Enter");

  // Both tabs: out of the list, and the badge counts what is left.
  for (const page of [first, second]) {
    await expect(item(page, titles[0]!)).toHaveCount(0);
    await expect(item(page, titles[1]!)).toHaveCount(0);
    await expect(item(page, titles[2]!)).toBeVisible();
    await expect.poll(() => unreadBadge(page)).toBe(1);
  }
  await expect(first.getByText("None selected")).toBeVisible();

  // The Archive view lists them; bringing one back in the other tab restores it in the first, live.
  await second.getByRole("group", { name: "View" }).getByRole("button", { name: "Archive" }).click();
  await expect(second.getByRole("heading", { name: "Archive", level: 1 })).toBeVisible();
  await expect(item(second, titles[0]!)).toBeVisible();
  await expect(item(second, titles[1]!)).toBeVisible();
  await fitsTheScreen(second);
  await second.getByRole("button", { name: `Move to inbox “${titles[0]}”` }).click();
  await expect(item(second, titles[0]!)).toHaveCount(0);
  await expect(item(first, titles[0]!)).toBeVisible();
  await expect.poll(() => unreadBadge(first)).toBe(2);

  // Deleted from the Archive: gone there; marked unread/read elsewhere keeps the badge equal to the list.
  await second.getByRole("button", { name: `Delete “${titles[1]}”` }).click();
  await expect(second.getByText("Nothing archived")).toBeVisible();
  await first.getByRole("group", { name: "Show" }).getByRole("button", { name: "Unread" }).click();
  await expect(first.getByTestId("notification-item")).toHaveCount(2);
  await first.getByRole("button", { name: `Mark “${titles[2]}” read` }).click();
  await expect(first.getByTestId("notification-item")).toHaveCount(1);
  await expect.poll(() => unreadBadge(second)).toBe(1);
  await context.close();
});
