import type { Metadata } from "next";

export const metadata: Metadata = { title: "Offline" };

// The service worker keeps a copy of this page and shows it when a page
// cannot be loaded because the device is offline.
export default function OfflinePage() {
  return (
    <section className="empty-state" aria-labelledby="offline-heading">
      <h1 id="offline-heading">You are offline</h1>
      <p>Live Notify cannot reach the server. Check your connection; the page will load again once you are back online.</p>
      <p>
        <a className="button button-primary" href="">
          Try again
        </a>
      </p>
    </section>
  );
}
