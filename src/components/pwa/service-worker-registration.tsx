"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { z } from "zod";
import { inAppPath } from "@/lib/navigation/safe-next-path";

// What public/sw.js posts to the tab a notification click focused.
const openLinkMessage = z.object({ type: z.literal("open-link"), url: z.string().max(2048) });

/**
 * Registers public/sw.js (offline page, Web Push) once the page has loaded,
 * and moves this tab to a notification's link when the worker asks (a click
 * on a notification reuses an open tab rather than opening another).
 */
export function ServiceWorkerRegistration() {
  const router = useRouter();

  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error: unknown) => {
      // The app works without it (no offline page, no push): say so, do not fail.
      console.warn("[pwa] service worker not registered:", error);
    });
  }, []);

  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    const onMessage = (event: MessageEvent) => {
      const message = openLinkMessage.safeParse(event.data);
      if (!message.success) return;
      // A client-side move keeps the live connection; only a path of this app.
      let url: URL;
      try {
        url = new URL(message.data.url, window.location.origin);
      } catch {
        return;
      }
      if (url.origin !== window.location.origin) return;
      const path = inAppPath(`${url.pathname}${url.search}${url.hash}`);
      if (path) router.push(path);
    };
    navigator.serviceWorker.addEventListener("message", onMessage);
    return () => navigator.serviceWorker.removeEventListener("message", onMessage);
  }, [router]);

  return null;
}
