"use client";
import { useEffect } from "react";

/** Registers public/sw.js (offline page, Web Push) once the page has loaded. */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error: unknown) => {
      // The app works without it (no offline page, no push): say so, do not fail.
      console.warn("[pwa] service worker not registered:", error);
    });
  }, []);
  return null;
}
