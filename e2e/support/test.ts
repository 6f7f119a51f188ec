// Playwright's `test`, with one addition: the browser contexts a journey
// opens (each person is a context of their own) are closed when it ends.
// Journeys share one browser per worker; left open, every earlier journey's
// pages would stay live (sockets, timers) and slow the later ones down.
import { test as base } from "@playwright/test";

export * from "@playwright/test";

export const test = base.extend<{ closeContextsAfter: void }>({
  closeContextsAfter: [
    async ({ browser }, use) => {
      await use();
      await Promise.all(browser.contexts().map((context) => context.close().catch(() => undefined)));
    },
    { auto: true },
  ],
});
