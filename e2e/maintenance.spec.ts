// Journey: an admin schedules maintenance. A signed-out visitor's open page
// shows the banner when the window starts and hides it when it ends, with
// no reload; a page opened during the window shows it at once; the admin
// sees the action in the audit log.
import { expect, test } from "./support/test";
import { demo, signedInPage } from "./support/accounts";

/** A datetime-local field's value (the browser's local time, which is this machine's). */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

test("a signed-out visitor's open page shows maintenance at its start and hides it at its end", async ({ browser }) => {
  test.setTimeout(120_000);
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/sign-in");
  const admin = await signedInPage(browser, demo.admin, "/admin");

  const message = `Database upgrade ${Date.now()}`;
  const form = admin.getByRole("form", { name: "Schedule maintenance" });
  await form.getByLabel("Message").fill(message);
  const startsAt = new Date(Date.now() + 20_000);
  const endsAt = new Date(startsAt.getTime() + 12_000);
  await form.getByLabel("Starts").fill(localInput(startsAt));
  await form.getByLabel("Ends").fill(localInput(endsAt));
  await form.getByRole("button", { name: "Schedule maintenance" }).click();
  await expect(form.getByText("Scheduled: every open page shows it")).toBeVisible();

  const banner = visitor.getByTestId("maintenance-banner").filter({ hasText: message });
  await expect(banner).toHaveCount(0); // not yet: it starts in ~20 s
  await expect(banner).toBeVisible({ timeout: 45_000 });

  // A page opened now shows it from its first render.
  const late = await (await browser.newContext()).newPage();
  await late.goto("/sign-in");
  await expect(late.getByTestId("maintenance-banner").filter({ hasText: message })).toBeVisible();

  await expect(banner).toHaveCount(0, { timeout: 45_000 });

  await admin.reload();
  await expect(admin.getByTestId("audit-entry").filter({ hasText: message }).first()).toContainText(
    "scheduled maintenance",
  );
});
