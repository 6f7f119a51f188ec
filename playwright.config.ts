// Browser journeys in Debian's Chromium (Playwright cannot download browsers
// here) against the production build, started once for the whole run by
// e2e/support/server.ts on its own ports and database.
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/support/chromium";

// Journeys that need the full browser (the Push API) say `@full-browser` in
// their title and run in it; the rest in the headless shell (e2e/support/chromium.ts).
const FULL_BROWSER = /@full-browser/;

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "journeys", grepInvert: FULL_BROWSER, use: { launchOptions: chromiumLaunchOptions(false) } },
    { name: "full browser", grep: FULL_BROWSER, use: { launchOptions: chromiumLaunchOptions(true) } },
  ],
  webServer: {
    command: "npx tsx e2e/support/server.ts",
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    timeout: 420_000, // includes a production build on 2 cores
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGINT", timeout: 20_000 },
  },
});
