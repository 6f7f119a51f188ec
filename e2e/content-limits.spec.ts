// Journey: someone who comments too fast, or a network that makes too many
// accounts, is told how long to wait, and what they typed stays in the form.
import { signIn } from "./support/accounts";
import { sql } from "./support/database";
import { expect, test } from "./support/test";
import { mutate } from "./support/trpc";

/** Calls a tRPC mutation from the page until the server says "too many" (at most 100 times). */
async function callUntilLimited(page: import("@playwright/test").Page, path: string, input: (i: number) => unknown) {
  const inputs = Array.from({ length: 100 }, (_, i) => input(i));
  const status = await page.evaluate(
    async ({ path, inputs }) => {
      for (const input of inputs) {
        const response = await fetch(`/api/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: input }),
        });
        if (response.status !== 200) return response.status;
      }
      return 200;
    },
    { path, inputs },
  );
  expect(status).toBe(429);
}

test("commenting too fast shows how long to wait, and keeps the comment in the form", async ({ page }) => {
  test.setTimeout(180_000); // twenty-odd comments first
  const who = { email: `fast-${Date.now()}@example.com`, password: "a long passphrase" };
  await page.goto("/sign-in");
  await mutate(page, "account.signUp", { name: "Quick Quinn", ...who });
  await signIn(page, who);
  const post = (await mutate(page, "posts.create", { title: `Busy thread ${Date.now()}`, body: "" })) as { id: string };
  await callUntilLimited(page, "posts.addComment", (i) => ({ postId: post.id, body: `Quick comment ${i}` }));

  await page.goto(`/posts/${post.id}`);
  const field = page.getByRole("form", { name: "Add a comment" }).getByLabel("Add a comment");
  await field.fill("One more thought");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(page.locator(".form-alert")).toContainText(/You are commenting too fast\. Try again in \d+ seconds?\./);
  await expect(field).toHaveValue("One more thought");
});

// It uses up this machine's sign-ups for the run's database: journeys after
// it sign people up too, so its counters are cleared when it ends.
test.afterAll(async () => {
  await sql(`DELETE FROM "RateLimit" WHERE key LIKE 'sign-ups:%'`);
});

test("too many sign-ups from one address shows how long to wait", async ({ page }) => {
  test.setTimeout(180_000); // ten password hashes first
  const stamp = Date.now();
  await page.goto("/sign-up");
  await callUntilLimited(page, "account.signUp", (i) => ({
    name: `Bulk ${i}`,
    email: `bulk-${stamp}-${i}@example.com`,
    password: "a long passphrase",
  }));

  await page.getByLabel("Name").fill("Nia");
  await page.getByLabel("Email").fill(`late-${stamp}@example.com`);
  await page.getByLabel("Password").fill("a long passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator(".form-alert")).toContainText(/Too many new accounts from your network\. Try again in \d+ minutes?\./);
  await expect(page.getByLabel("Email")).toHaveValue(`late-${stamp}@example.com`);
  await expect(page).toHaveURL(/\/sign-up$/);
});
