// Journey: the realtime server (the start command's Soketi) crashes while
// Alice has her inbox open and the admin sends her three notifications. Her
// page says it is reconnecting; the start command restarts Soketi, the page
// reconnects by itself and shows the three, once each and in order; nobody
// reloads anything.
import { expect, test } from "./support/test";
import { demo, expectLive, signedInPage, unreadBadge } from "./support/accounts";
import { sendAsAdmin } from "./support/notifications";
import { e2ePorts } from "./support/ports";
import { parentOf, pidListeningOn } from "./support/processes";

test("Soketi crashes and comes back: Alice's open inbox reconnects and shows what was sent meanwhile, once each", async ({
  browser,
  request,
}) => {
  // Reconnecting after the restart is pusher-js's own retry: give it time.
  test.setTimeout(120_000);
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const alice = await signedInPage(browser, demo.alice, "/inbox");
  const before = await unreadBadge(alice);
  const banner = alice.getByTestId("connection-banner");
  const missed = alice.getByTestId("notification-item").filter({ hasText: "While Soketi was down" });

  const stamp = Date.now();
  const titles = [1, 2, 3].map((n) => `While Soketi was down ${stamp} #${n}`);
  await expect(missed).toHaveCount(0);
  const soketi = pidListeningOn(e2ePorts.soketi);
  // The start command restarts Soketi within a second or two. It is frozen
  // (SIGSTOP) for the outage, so that the page is seen reconnecting and the
  // notifications are sent while Soketi is really down; SIGCONT lets it
  // notice the crash and restart Soketi as it would have at once.
  const startCommand = parentOf(soketi);
  process.kill(startCommand, "SIGSTOP");
  try {
    process.kill(soketi, "SIGKILL");
    await expect(alice.getByTestId("connection-status")).toContainText("Reconnecting…");
    await expect(banner).toContainText("Connection lost. Reconnecting…");

    const health = await request.get("/api/health");
    expect(health.status(), "the web server keeps serving").toBe(200);
    expect(await health.json()).toMatchObject({ status: "degraded", realtime: { ok: false } });

    for (const title of titles) await sendAsAdmin(admin, demo.alice.email, title, "");
    await expect(missed).toHaveCount(0);
  } finally {
    process.kill(startCommand, "SIGCONT");
  }

  await expect(alice.getByTestId("connection-status")).toContainText("Live", { timeout: 60_000 });
  await expect(banner).toHaveCount(0);
  // Newest first, as the inbox lists them; each exactly once.
  await expect(missed).toHaveCount(3);
  await expect(missed).toContainText([...titles].reverse());
  await expect.poll(() => unreadBadge(alice)).toBe(before + 3);
  expect(pidListeningOn(e2ePorts.soketi), "a new Soketi").not.toBe(soketi);
  // The admin's page came back too.
  await expectLive(admin);
});
