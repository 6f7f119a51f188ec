// How the journeys and bench:pages launch Debian's Chromium (Playwright
// cannot download browsers here).
import { existsSync } from "node:fs";

const FULL_CHROMIUM = "/usr/bin/chromium";
const HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell";

/**
 * Debian's headless shell (package chromium-headless-shell, which .ci/run
 * installs) when there is one and `full` is not asked for: the full browser
 * in headless mode runs its window UI and a GPU process emulated on the CPU,
 * and the journeys are CPU bound on 2 cores (the whole run 14 min against
 * 23). The shell has no Push API. PLAYWRIGHT_CHROMIUM_PATH overrides both.
 */
export function chromiumLaunchOptions(full: boolean) {
  const fallback = full || !existsSync(HEADLESS_SHELL) ? FULL_CHROMIUM : HEADLESS_SHELL;
  return {
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? fallback,
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
