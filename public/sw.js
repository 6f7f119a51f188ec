// Live Notify's service worker: an offline page for navigations that fail,
// and Web Push (show the notification, put the unread count on the app icon;
// a click focuses an open tab of the app at the notification's link).
// Nothing else is cached: the app's data is live and must not go stale.
importScripts("/sw-notification-click.js");
const CACHE = "live-notify-offline-v1";
const OFFLINE_URL = "/offline";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const response = await fetch(OFFLINE_URL, { cache: "reload", credentials: "same-origin" });
      await cache.put(OFFLINE_URL, response.clone());
      // The offline page's stylesheets, so it is readable offline too.
      const html = await response.text();
      const sheets = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
      await Promise.all(sheets.map((href) => cache.add(href).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(OFFLINE_URL)) ?? Response.error()),
    );
    return;
  }
  const url = new URL(request.url);
  if (url.origin === self.location.origin && url.pathname.startsWith("/_next/static/")) {
    event.respondWith(fetch(request).catch(async () => (await caches.match(request)) ?? Response.error()));
  }
});

self.addEventListener("push", (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch {
    payload = { title: event.data ? event.data.text() : "Live Notify" };
  }
  const title = payload.title || "Live Notify";
  event.waitUntil(
    Promise.all([
      self.registration.showNotification(title, {
        body: payload.body || "",
        tag: payload.id,
        icon: "/icons/icon-192.png",
        badge: "/icons/maskable-192.png",
        data: { link: payload.link || "/inbox" },
      }),
      setAppBadge(payload.unreadCount),
    ]),
  );
});

/** The unread count on the app icon, where the platform has one (Badging API); never fails the push. */
function setAppBadge(count) {
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0) return undefined;
  const nav = self.navigator;
  const call = count > 0 ? nav.setAppBadge && nav.setAppBadge(count) : nav.clearAppBadge && nav.clearAppBadge();
  return call ? call.catch(() => undefined) : undefined;
}

// Focus a tab of the app that is already open (moving it to the link) rather
// than opening another; a new window only when none is open.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const link = event.notification.data && event.notification.data.link;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const plan = self.notificationClickPlan(windows, link, self.location.origin);
      if (plan.action === "open") return self.clients.openWindow(plan.url);
      const client = windows[plan.index];
      await client.focus();
      // The page moves itself (client-side, keeping its live connection):
      // see src/components/pwa/service-worker-registration.tsx.
      if (plan.navigate) client.postMessage({ type: "open-link", url: plan.navigate });
    })(),
  );
});
