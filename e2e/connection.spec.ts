// Journey: Alice's device goes offline while five notifications are sent to
// her. She is told the connection is lost; when the network returns, all
// five appear, once each and in order, and the banner goes away by itself.
import { expect, test } from "./support/test";
import { demo, expectLive, signedInPage, signIn, unreadBadge } from "./support/accounts";
import { sendAsAdmin } from "./support/notifications";

test("what was sent while Alice was offline arrives once each, in order, when she is back", async ({ browser }) => {
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const alice = await signedInPage(browser, demo.alice, "/inbox");
  const before = await unreadBadge(alice);
  const banner = alice.getByTestId("connection-banner");
  await expect(banner).toHaveCount(0);

  await alice.context().setOffline(true);
  await expect(banner).toContainText("Connection lost. Reconnecting…");
  await expect(alice.getByTestId("connection-status")).not.toContainText("Live");

  const stamp = Date.now();
  const titles = [1, 2, 3, 4, 5].map((n) => `While offline ${stamp} #${n}`);
  for (const title of titles) await sendAsAdmin(admin, demo.alice.email, title, "");
  const missed = alice.getByTestId("notification-item").filter({ hasText: `While offline ${stamp}` });
  await expect(missed).toHaveCount(0);

  await alice.context().setOffline(false);
  await expectLive(alice);
  await expect(banner).toHaveCount(0);
  // Newest first, as the inbox lists them; each exactly once.
  await expect(missed).toHaveCount(5);
  await expect(missed).toContainText([...titles].reverse());
  await expect.poll(() => unreadBadge(alice)).toBe(before + 5);
});

test("a tab that wakes from sleep catches up, though its socket looked open all along", async ({ browser }) => {
  const admin = await signedInPage(browser, demo.admin, "/admin");

  // While "asleep", what the server pushes to Alice's tab is lost on the
  // way, and the socket does not close: as after a laptop lid or a phone
  // in the background.
  const context = await browser.newContext();
  let asleep = false;
  await context.routeWebSocket(/\/app\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      if (!asleep) ws.send(message);
    });
  });
  const alice = await context.newPage();
  await signIn(alice, demo.alice);
  await alice.goto("/inbox");
  await expectLive(alice);

  asleep = true;
  const title = `While asleep ${Date.now()}`;
  await sendAsAdmin(admin, demo.alice.email, title, "");
  const item = alice.getByTestId("notification-item").filter({ hasText: title });
  await expect(admin.getByText(`Sent “${title}”`)).toBeVisible();
  asleep = false;
  await expect(item).toHaveCount(0);

  // The page comes back to view: it asks what it missed.
  await alice.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await expect(item).toHaveCount(1);
});
