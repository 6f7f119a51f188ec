// Journey: a newcomer signs up (the form validates as they type), lands
// signed in, changes their name, signs out and back in; wrong passwords get
// a message a person understands.
import { expect, test } from "./support/test";
import { signIn } from "./support/accounts";

test("sign up with live validation, then profile, sign out and sign in again", async ({ page }) => {
  const email = `newcomer-${Date.now()}@example.com`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Nia");
  await page.getByLabel("Email").fill(email);
  const password = page.getByLabel("Password");
  await password.fill("short");
  await expect(page.getByText("Use at least 8 characters")).toBeVisible();
  await password.fill("password123");
  await expect(page.getByText("This password is too common; choose another")).toBeVisible();
  await password.fill("a long passphrase");
  await expect(page.getByText("Use at least 8 characters")).toHaveCount(0);
  await page.getByRole("button", { name: /create account|sign up/i }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/profile");
  await page.getByRole("textbox", { name: "Name" }).fill("Nia N.");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Your name is saved.")).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Nia N.");

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, { email, password: "a long passphrase" });
});

test("a wrong password gets a clear message and the form keeps the email", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("bob@example.com");
  await page.getByLabel("Password").fill("not his password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("bob@example.com");
});

test("a signed-in person who is not an admin gets a 403 page at /admin", async ({ page }) => {
  await signIn(page, { email: "alice@example.com", password: "password" });
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
});
