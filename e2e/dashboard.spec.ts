// Journey: Alice's home page is a live dashboard. The admin sends her 200
// notifications as fast as the API takes them; her "Notifications today"
// counter ends at exactly 200 more, without a reload, and redraws only a few
// times a second on the way (batched). Her open tab counts as online.
import { expect, test, type Page } from "./support/test";
import { demo, signedInPage } from "./support/accounts";

const BURST = 200;

async function numberIn(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).innerText());
}

/** Sends through the tRPC HTTP endpoint from the admin's page (their cookies); returns the failures. */
async function sendBurst(admin: Page, to: string, count: number, stamp: string): Promise<string[]> {
  return admin.evaluate(
    async ({ to, count, stamp }) => {
      const failures: string[] = [];
      const send = async (i: number) => {
        const response = await fetch("/api/trpc/notifications.send", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: { recipientEmail: to, title: `burst ${stamp} #${i}` } }),
        });
        if (!response.ok) failures.push(`#${i}: ${response.status} ${await response.text()}`);
      };
      // A few requests in flight at a time: a burst, not a denial of service.
      const PARALLEL = 10;
      let next = 0;
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (next < count) await send(next++);
        }),
      );
      return failures;
    },
    { to, count, stamp },
  );
}

test("Alice's dashboard shows the widgets, counts her open tab online, and ends a 200-event burst exact", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const alice = await signedInPage(browser, demo.alice, "/");

  for (const widget of ["widget-online", "widget-notifications-today", "widget-posts", "widget-activity"]) {
    await expect(alice.getByTestId(widget)).toBeVisible();
  }
  await expect(alice.getByTestId("notifications-today")).toBeVisible();
  await expect(alice.getByTestId("posts-last-hour")).toBeVisible();
  await expect(alice.getByTestId("posts-chart")).toBeVisible();
  await expect(alice.getByTestId("posts-chart").locator("rect")).toHaveCount(12);

  // Soketi tells the app about her open tab (channel webhooks); the count follows.
  await expect.poll(() => numberIn(alice, "online-count"), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);

  const before = await numberIn(alice, "notifications-today");
  // Count how often the number is redrawn while the burst arrives.
  await alice.evaluate(() => {
    const target = document.querySelector('[data-testid="notifications-today"]')!;
    const w = window as unknown as { __redraws: number; __observer: MutationObserver };
    w.__redraws = 0;
    w.__observer = new MutationObserver((records) => (w.__redraws += records.length));
    w.__observer.observe(target, { childList: true, characterData: true, subtree: true });
  });

  const admin = await signedInPage(browser, demo.admin, "/admin");
  const started = Date.now();
  expect(await sendBurst(admin, demo.alice.email, BURST, String(started))).toEqual([]);

  await expect.poll(() => numberIn(alice, "notifications-today"), { timeout: 60_000 }).toBe(before + BURST);
  const elapsedMs = Date.now() - started;
  // It stays there: nothing applied twice.
  await alice.waitForTimeout(1_000);
  expect(await numberIn(alice, "notifications-today")).toBe(before + BURST);

  const redraws = await alice.evaluate(() => {
    const w = window as unknown as { __redraws: number; __observer: MutationObserver };
    w.__observer.disconnect();
    return w.__redraws;
  });
  test.info().annotations.push({ type: "burst", description: `${redraws} redraws in ${elapsedMs} ms` });
  // At most one redraw per 250 ms (plus slack), far fewer than one per event.
  expect(redraws).toBeGreaterThanOrEqual(1);
  expect(redraws).toBeLessThanOrEqual(Math.ceil(elapsedMs / 250) + 4);

  // Still the same number after a reload (the snapshot agrees with the live count).
  await alice.reload();
  await expect(alice.getByTestId("notifications-today")).toHaveText(String(before + BURST));
});
