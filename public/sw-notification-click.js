// What a click on a notification does, as one pure function: sw.js loads it
// with importScripts (a classic worker: module service workers are not in
// every browser the PWA installs in), so its functions are the worker's
// globals; tests/unit/notification-click.test.ts runs it the same way.
// Plain JavaScript because public/ files are served as they are.
"use strict";

/**
 * The link as an absolute URL of this app, read the way a browser reads it
 * (the URL parser drops tabs, takes `\` for `/`, reads `//host` as another
 * origin): the same rule as inAppPath in src/lib/navigation/safe-next-path.ts.
 * Anything else opens the inbox, so a notification can never lead out of the app.
 */
function notificationTarget(link, origin) {
  const fallback = new URL("/inbox", origin).href;
  if (typeof link !== "string" || !link.startsWith("/")) return fallback;
  let url;
  try {
    url = new URL(link, origin);
  } catch {
    return fallback;
  }
  return url.origin === new URL(origin).origin ? url.href : fallback;
}

/**
 * Which open window of the app to use for a click, given the windows
 * `clients.matchAll({ type: "window" })` lists ({ url, focused }):
 * - one already at the link: focus it as it is;
 * - otherwise the focused one, else the first listed (the most recently
 *   focused in Chromium): focus it and navigate it to the link;
 * - none of this app's: open a new window at the link.
 * Returns { action: "focus", index, navigate: url | null } or { action: "open", url }.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- a global of the worker, called by sw.js
function notificationClickPlan(windows, link, origin) {
  const url = notificationTarget(link, origin);
  const appOrigin = new URL(origin).origin;
  const ours = [];
  windows.forEach((client, index) => {
    try {
      if (new URL(client.url).origin === appOrigin) ours.push({ client, index });
    } catch {
      // A window without a readable URL is not one to reuse.
    }
  });
  if (ours.length === 0) return { action: "open", url };
  const chosen = ours.find((o) => o.client.url === url) ?? ours.find((o) => o.client.focused) ?? ours[0];
  return { action: "focus", index: chosen.index, navigate: chosen.client.url === url ? null : url };
}
