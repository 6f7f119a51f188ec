// Playwright's `test`, with two additions:
// - the browser contexts a journey opens (each person is a context of their
//   own) are closed when it ends. Journeys share one browser per worker; left
//   open, every earlier journey's pages would stay live (sockets, timers) and
//   slow the later ones down.
// - when a journey fails, what its pages saw go wrong is printed with the
//   failure: answers of 400 and above, failed and unanswered requests, page
//   errors and console errors. CI keeps only the printed output, not the
//   trace; a failure that happens once in many runs has to explain itself
//   there.
import { test as base, type BrowserContext, type Page, type Request } from "@playwright/test";

export * from "@playwright/test";

const MAX_LINES = 40;

export const test = base.extend<{ closeContextsAfter: void }>({
  closeContextsAfter: [
    async ({ browser }, use, testInfo) => {
      const seen: string[] = [];
      const pending = new Map<Request, { who: number; at: number }>();
      const started = Date.now();
      const note = (line: string) => seen.push(`+${((Date.now() - started) / 1000).toFixed(1)}s ${line}`);
      const where = (request: Request) => {
        const url = new URL(request.url());
        return `${request.method()} ${url.pathname}${url.search.slice(0, 200)}`;
      };
      const watchPage = (page: Page, who: number) => {
        page.on("response", (response) => {
          if (response.status() >= 400) note(`[page ${who}] ${where(response.request())} → ${response.status()}`);
        });
        page.on("request", (request) => pending.set(request, { who, at: Date.now() }));
        page.on("requestfinished", (request) => pending.delete(request));
        page.on("requestfailed", (request) => {
          pending.delete(request);
          const error = request.failure()?.errorText ?? "?";
          if (error === "net::ERR_ABORTED") return; // a prefetch or navigation the page moved on from
          note(`[page ${who}] ${where(request)} failed: ${error}`);
        });
        page.on("pageerror", (error) => note(`[page ${who}] page error: ${error.message}`));
        page.on("console", (message) => {
          // "Failed to load resource" repeats an answer already noted above.
          if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
            note(`[page ${who}] console: ${message.text().slice(0, 300)}`);
          }
        });
      };
      let pages = 0;
      const watchContext = (context: BrowserContext) => {
        for (const page of context.pages()) watchPage(page, ++pages);
        context.on("page", (page) => watchPage(page, ++pages));
      };
      for (const context of browser.contexts()) watchContext(context);
      // Contexts opened during the journey: Browser has no "context" event, so
      // newContext is wrapped for the journey's length.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const context = await newContext(...args);
        watchContext(context);
        return context;
      };

      await use();

      browser.newContext = newContext;
      if (testInfo.status !== testInfo.expectedStatus) {
        // Requests still unanswered at the failure (WebSocket upgrades are not requests here).
        for (const [request, { who, at }] of pending) {
          note(`[page ${who}] ${where(request)} unanswered after ${((Date.now() - at) / 1000).toFixed(1)} s`);
        }
        const shown = seen.slice(-MAX_LINES);
        const skipped = seen.length - shown.length;
        if (shown.length > 0) {
          console.log(
            `\n[journey] what the pages saw go wrong in "${testInfo.title}"` +
              (skipped > 0 ? ` (last ${MAX_LINES}; ${skipped} earlier left out)` : "") +
              ":\n  " +
              shown.join("\n  "),
          );
        }
      }
      await Promise.all(browser.contexts().map((context) => context.close().catch(() => undefined)));
    },
    { auto: true },
  ],
});
