// Journey: an admin sends Alice a notification. Alice's open inbox shows it
// live with the badge incremented; reading it in a second tab drops the badge
// in the first; Bob never sees it; a tab that was offline catches up.
import { expect, test, type WebSocketRoute } from "./support/test";
import { demo, expectLive, signedInPage, signIn, unreadBadge } from "./support/accounts";
import { sendAsAdmin } from "./support/notifications";

test("a notification reaches Alice's open inbox live, read state syncs across her tabs, Bob never sees it", async ({
  browser,
}) => {
  const title = `Release notes ${Date.now()}`;
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const alice = await signedInPage(browser, demo.alice, "/inbox");
  const bob = await signedInPage(browser, demo.bob, "/inbox");
  const aliceBefore = await unreadBadge(alice);
  const bobBefore = await unreadBadge(bob);

  await sendAsAdmin(admin, demo.alice.email, title, "Version 2 is out");

  // No reload: the item, the badge and a toast arrive over the live connection.
  const item = alice.getByTestId("notification-item").filter({ hasText: title });
  await expect(item).toBeVisible();
  await expect(item).toContainText("Version 2 is out");
  await expect(item).toHaveAttribute("data-unread", "true");
  await expect.poll(() => unreadBadge(alice)).toBe(aliceBefore + 1);
  await expect(alice.getByTestId("toast").filter({ hasText: title })).toBeVisible();

  // Alice reads it in a second tab; the first tab's badge and item follow.
  const secondTab = await alice.context().newPage();
  await secondTab.goto("/inbox");
  await expectLive(secondTab);
  await secondTab.getByRole("button", { name: `Mark “${title}” read` }).click();
  await expect.poll(() => unreadBadge(alice)).toBe(aliceBefore);
  await expect(item).not.toHaveAttribute("data-unread", "true");

  // Bob's tab was open throughout and got nothing of it.
  await expect(bob.getByTestId("notification-item").filter({ hasText: title })).toHaveCount(0);
  expect(await unreadBadge(bob)).toBe(bobBefore);
  await bob.reload();
  await expectLive(bob);
  await expect(bob.getByTestId("notification-item").filter({ hasText: title })).toHaveCount(0);
});

test("a tab that lost its connection shows it, then applies what it missed exactly once", async ({ browser }) => {
  const admin = await signedInPage(browser, demo.admin, "/admin");

  // Alice's WebSocket goes through a route the test can cut, as a dropped
  // network would (Chromium's offline emulation leaves open sockets alone).
  const context = await browser.newContext();
  let offline = false;
  const sockets: WebSocketRoute[] = [];
  await context.routeWebSocket(/\/app\//, (ws) => {
    if (offline) return ws.close({ code: 4200, reason: "test: network down" });
    ws.connectToServer();
    sockets.push(ws);
  });
  const alice = await context.newPage();
  await signIn(alice, demo.alice);
  await alice.goto("/inbox");
  await expectLive(alice);
  const before = await unreadBadge(alice);

  offline = true;
  for (const ws of sockets.splice(0)) await ws.close({ code: 4200, reason: "test: network down" });
  await expect(alice.getByTestId("connection-status")).not.toContainText("Live");

  const titles = [`Missed one ${Date.now()}`, `Missed two ${Date.now()}`];
  for (const title of titles) await sendAsAdmin(admin, demo.alice.email, title, "sent while offline");
  await expect(alice.getByTestId("notification-item").filter({ hasText: titles[0] })).toHaveCount(0);

  // The network is back: browsers fire "online", and pusher-js reconnects.
  offline = false;
  await alice.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(alice.getByTestId("connection-status")).toContainText("Live", { timeout: 30_000 });
  for (const title of titles) {
    await expect(alice.getByTestId("notification-item").filter({ hasText: title })).toHaveCount(1);
  }
  await expect.poll(() => unreadBadge(alice)).toBe(before + 2);
});
