import type { MetadataRoute } from "next";

// The web app manifest (served at /manifest.webmanifest): what phones and
// desktops need to install the app.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Live Notify",
    short_name: "Live Notify",
    description: "Notifications, feed and rooms, as they happen.",
    id: "/",
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#ffffff",
    theme_color: "#1d4ed8",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
