// Journeys of account safety: a sign-in form without JavaScript never puts
// the password in the URL; "sign out everywhere" ends the other browser's
// session and keeps this one; a crafted ?next= cannot send anyone elsewhere.
import { expect, test } from "./support/test";
import { signIn } from "./support/accounts";

// Two browsers, a sign-up and several sign-ins (each a deliberately slow hash).
test.slow();

test("without JavaScript the sign-in form posts: the password never appears in a URL", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const password = "no-js-secret-Zq81";
  const urls: string[] = [];
  const methods: string[] = [];
  page.on("request", (request) => {
    urls.push(request.url());
    if (request.isNavigationRequest()) methods.push(request.method());
  });
  await page.goto("/sign-in?next=/inbox");
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill(password);
  // With no script to stop it, the browser submits the form itself.
  await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === "POST"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  await page.waitForLoadState("load");

  expect(methods.at(-1)).toBe("POST");
  expect(page.url()).not.toContain(password);
  expect(urls.filter((url) => url.includes(password) || url.includes(encodeURIComponent(password)))).toEqual([]);
  // The page still answers (with the form again) rather than an error.
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("sign out everywhere ends the other browser's session and keeps this one", async ({ browser }) => {
  const email = `sessions-${Date.now()}@example.com`;
  const password = "a long passphrase";
  const here = await (await browser.newContext()).newPage();
  await here.goto("/sign-up");
  await here.getByLabel("Name").fill("Sam");
  await here.getByLabel("Email").fill(email);
  await here.getByLabel("Password").fill(password);
  await here.getByRole("button", { name: /create account|sign up/i }).click();
  await expect(here).toHaveURL(/\/$/);

  const elsewhere = await (await browser.newContext()).newPage();
  await signIn(elsewhere, { email, password });
  await elsewhere.goto("/profile");
  await expect(elsewhere.getByRole("heading", { name: "Profile" })).toBeVisible();

  await here.goto("/profile");
  await here.getByRole("button", { name: "Sign out everywhere else" }).click();
  await here.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(here.getByText("Every other session is signed out.")).toBeVisible();

  await here.reload();
  await expect(here.getByRole("heading", { name: "Profile" })).toBeVisible();
  await elsewhere.goto("/profile");
  await expect(elsewhere).toHaveURL(/\/sign-in\?next=%2Fprofile/);
});

test("a crafted next path after sign-in stays in the app", async ({ page, baseURL }) => {
  await signIn(page, { email: "bob@example.com", password: "password" });
  for (const next of ["/%09/evil.example/phish", "/%5Cevil.com", "//evil.com", "https://evil.com"]) {
    await page.goto(`/sign-in?next=${next}`);
    expect(new URL(page.url()).origin, next).toBe(new URL(baseURL!).origin);
  }
});
