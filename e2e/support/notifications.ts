import { expect, type Page } from "@playwright/test";

/** Sends a notification from the admin page (the page must be open at /admin). */
export async function sendAsAdmin(page: Page, to: string, title: string, body: string) {
  await page.getByLabel("Recipient's email").fill(to);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Message (optional)").fill(body);
  await page.getByRole("button", { name: "Send notification" }).click();
  await expect(page.getByText(`Sent “${title}” to ${to}.`)).toBeVisible();
}
