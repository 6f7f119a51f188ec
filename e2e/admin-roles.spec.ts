// Journeys on the admin page: an admin finds a newcomer by email and makes
// them an admin, then a user again; the newcomer's admin page goes at once
// (their live connection is closed, the page refused). And an announcement's
// "Read by N of M" counts Alice once she reads it.
import { expect, test } from "./support/test";
import { demo, expectLive, signedInPage } from "./support/accounts";
import { mutate } from "./support/trpc";

test("an admin makes a newcomer an admin, then a user again; the newcomer loses the admin page at once", async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const email = `dana-${stamp}@example.com`;
  const name = `Dana ${stamp}`;
  const dana = await (await browser.newContext()).newPage();
  await dana.goto("/sign-up");
  await dana.getByLabel("Name").fill(name);
  await dana.getByLabel("Email").fill(email);
  await dana.getByLabel("Password").fill("a long passphrase");
  await dana.getByRole("button", { name: /create account|sign up/i }).click();
  await expect(dana).toHaveURL(/\/$/);
  await expect(dana.getByRole("banner").getByRole("link", { name: "Admin" })).toHaveCount(0);

  const admin = await signedInPage(browser, demo.admin, "/admin");
  const roles = admin.getByRole("region", { name: "People and roles" });
  await roles.getByLabel("Find a person").fill(email);
  await roles.getByRole("button", { name: `Manage the role of ${name} (${email})` }).click();
  const form = roles.getByRole("form", { name: `Role of ${name}` });
  await expect(form.getByTestId("current-role")).toHaveText("a user");
  await form.getByLabel("Role").selectOption("ADMIN");
  await form.getByRole("button", { name: "Save role" }).click();
  await expect(form).toContainText(`${name} is now an admin.`);
  await expect(form.getByTestId("current-role")).toHaveText("an admin");

  await dana.goto("/admin");
  await expect(dana.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  await expectLive(dana);

  await form.getByLabel("Role").selectOption("USER");
  await form.getByRole("button", { name: "Save role" }).click();
  await expect(form).toContainText(`${name} is now a user.`);
  await expect(admin.getByTestId("audit-entry").first()).toContainText(`changed the role of ${email} to user`);

  // From her next request on she is a user: the admin page is refused (her live
  // connection was closed too; tests/integration/admin-api.test.ts shows it).
  await dana.reload();
  await expect(dana.getByTestId("forbidden")).toBeVisible();
  await expect(dana.getByRole("banner").getByRole("link", { name: "Admin" })).toHaveCount(0);
});

test("an announcement's read count on the admin page: read by 0, then by 1 once Alice reads it", async ({ browser }) => {
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const alice = await signedInPage(browser, demo.alice, "/inbox");
  const title = `Read receipt check ${Date.now()}`;
  const sent = (await mutate(admin, "admin.sendAnnouncement", {
    audience: { kind: "role", role: "USER" },
    title,
    body: "",
  })) as { recipients: number };
  const reached = sent.recipients.toLocaleString("en");

  const entry = admin.getByTestId("sent-announcement").filter({ hasText: title });
  await admin.getByRole("button", { name: "Refresh the counts" }).click();
  await expect(entry).toContainText("to members");
  await expect(entry.getByTestId("announcement-reads")).toHaveText(`Read by 0 of ${reached}`);

  const item = alice.getByTestId("notification-item").filter({ hasText: title });
  await item.getByRole("button", { name: `Mark “${title}” read` }).click();
  await expect(item).toHaveAttribute("data-unread", "false");

  await admin.getByRole("button", { name: "Refresh the counts" }).click();
  await expect(entry.getByTestId("announcement-reads")).toHaveText(`Read by 1 of ${reached}`);
});
