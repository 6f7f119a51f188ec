// Browser journeys in Debian's Chromium (Playwright cannot download browsers
// here) against the production build, started once for the whole run by
// e2e/support/server.ts on its own ports and database.
import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

/**
 * Debian's headless shell (package chromium-headless-shell, which .ci/run
 * installs) when there is one: the full browser in headless mode runs its
 * window UI and a GPU process emulated on the CPU, and the journeys are CPU
 * bound on 2 cores. Measured on reactions.spec and feed.spec: 84 s against
 * 132 s for the same seven journeys; the whole run 14 min against 23.
 * The shell has no Push API: journeys that need the full browser say
 * `@full-browser` in their title and run in it.
 */
const FULL_CHROMIUM = "/usr/bin/chromium";
const HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell";
const FULL_BROWSER = /@full-browser/;

function chromiumPath(full: boolean): string {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  return full || !existsSync(HEADLESS_SHELL) ? FULL_CHROMIUM : HEADLESS_SHELL;
}

function launchOptions(executablePath: string) {
  return {
    executablePath,
    // Without the background-networking flags Chromium floods a closed network.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  };
}

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
    { name: "journeys", grepInvert: FULL_BROWSER, use: { launchOptions: launchOptions(chromiumPath(false)) } },
    { name: "full browser", grep: FULL_BROWSER, use: { launchOptions: launchOptions(chromiumPath(true)) } },
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
