// Journey: Alice makes a personal access token on her profile (shown once),
// uses it against the REST API, revokes it, and the API refuses it after.
// A token with the live events scope signs channel subscriptions and catches
// up. The REST reference page and the OpenAPI document are served. Malformed
// paths and text holding NUL get a 400 JSON error from the real server.
import { expect, test } from "./support/test";
import { demo, signedInPage } from "./support/accounts";

test("a token made on the profile works over REST until it is revoked", async ({ browser }) => {
  const page = await signedInPage(browser, demo.alice, "/profile");
  const name = `Script ${Date.now()}`;
  const form = page.getByRole("form", { name: "New access token" });
  await form.getByLabel("What the token is for").fill(name);
  await form.getByRole("checkbox", { name: /Read notifications/ }).check();
  await form.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("textbox", { name: "New access token" });
  await expect(shown).toHaveValue(/^lnt_/);
  const token = await shown.inputValue();
  await expect(page.getByRole("list", { name: "Your access tokens" })).toContainText(name);

  const api = await page.request.get("/api/v1/notifications/unread-count", {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(api.status()).toBe(200);
  expect(typeof (await api.json())).toBe("number");
  const refused = await page.request.post("/api/v1/posts", {
    headers: { Authorization: `Bearer ${token}` },
    data: { title: "Nope" },
  });
  expect(refused.status()).toBe(403);

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("listitem").filter({ hasText: name })).toContainText("Revoked");
  const after = await page.request.get("/api/v1/notifications/unread-count", {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ code: "UNAUTHORIZED" });

  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("live-notify REST API");
  await expect(page.getByText("POST /posts").first()).toBeVisible();
  const doc = await page.request.get("/api/openapi.json");
  expect((await doc.json()).openapi).toMatch(/^3\.1/);
  await page.context().close();
});

test("a token with the live events scope signs channel subscriptions and catches up over REST", async ({ browser }) => {
  const page = await signedInPage(browser, demo.alice, "/profile");
  const form = page.getByRole("form", { name: "New access token" });
  await form.getByLabel("What the token is for").fill(`Live ${Date.now()}`);
  await form.getByRole("checkbox", { name: /Read notifications/ }).check();
  await form.getByRole("checkbox", { name: /Live events/ }).check();
  await form.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByRole("textbox", { name: "New access token" });
  await expect(shown).toHaveValue(/^lnt_/);
  const headers = { Authorization: `Bearer ${await shown.inputValue()}` };

  // pusher-js's two requests, as a script sends them with the token.
  const signedIn = await page.request.post("/api/realtime/user-auth", { headers, form: { socket_id: "123.456" } });
  expect(signedIn.status()).toBe(200);
  const me = JSON.parse(((await signedIn.json()) as { user_data: string }).user_data) as { id: string };
  const channel = `private-user.${me.id}`;
  const signed = await page.request.post("/api/realtime/auth", { headers, form: { socket_id: "123.456", channel_name: channel } });
  expect(signed.status()).toBe(200);
  expect(await signed.json()).toMatchObject({ auth: expect.stringMatching(/:[0-9a-f]{64}$/) });
  const others = await page.request.post("/api/realtime/auth", {
    headers,
    form: { socket_id: "123.456", channel_name: "private-admin" },
  });
  expect(others.status()).toBe(403);

  const missed = await page.request.get(`/api/v1/events?channel=${encodeURIComponent(channel)}&after=0`, { headers });
  expect(missed.status()).toBe(200);
  expect(await missed.json()).toMatchObject({ events: expect.any(Array), reset: expect.any(Boolean) });
  await page.context().close();
});

test("a malformed path escape or a NUL is a 400 JSON error, never Next's 500", async ({ request }) => {
  // Next decodes these segments before any handler runs; the proxy answers first.
  for (const path of [
    "/api/v1/notifications/%E0%A4%A/read",
    "/api/v1/rooms/%zz/messages",
    "/api/v1/notifications/a%00b/read",
    "/api/files/%zz",
    "/rooms/%E0%A4%A",
  ]) {
    const answer = await request.post(path, { data: {} });
    expect(answer.status(), path).toBe(400);
    expect(await answer.json()).toMatchObject({ code: "BAD_REQUEST", data: { httpStatus: 400, fieldErrors: null } });
  }
  // NUL is refused before anything else, sign-in included.
  const post = await request.post("/api/v1/posts", { data: { title: "a\u0000b" } });
  expect(post.status()).toBe(400);
  expect(await post.json()).toMatchObject({ code: "BAD_REQUEST", data: { fieldErrors: { title: [expect.stringContaining("NUL")] } } });
});

test("the push toggle asks for permission only after a click @full-browser", async ({ browser }) => {
  const page = await signedInPage(browser, demo.bob, "/profile");
  const asked: string[] = [];
  await page.exposeFunction("recordPermissionRequest", (what: string) => asked.push(what));
  await page.evaluate(() => {
    const original = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = (() => {
      (window as unknown as { recordPermissionRequest(w: string): void }).recordPermissionRequest("asked");
      return original();
    }) as typeof Notification.requestPermission;
  });
  const button = page.getByRole("button", { name: "Turn on push notifications" });
  await expect(button).toBeVisible();
  expect(asked).toEqual([]);
  await button.click();
  await expect.poll(() => asked).toEqual(["asked"]);
  await page.context().close();
});
