import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { APP_NAME, SiteHeader } from "@/components/layout/site-header";
import { Providers } from "@/components/layout/providers";
import { ConnectionBanner } from "@/components/realtime/connection-banner";
import { MaintenanceBanner } from "@/components/system/maintenance-banner";
import { LiveNotifications } from "@/components/notifications/live-notifications";
import { ServiceWorkerRegistration } from "@/components/pwa/service-worker-registration";
import { publicRealtimeConfig } from "@/server/realtime/pusher";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";
import { currentUser } from "./_lib/session";
import "./globals.css";

// Settings (the realtime server's address) and the session are read per
// request, never frozen into a build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
  description: "Notifications and live dashboards, as they happen.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1d4ed8" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page, signed in or not, shows maintenance windows that are on,
  // from its first render, and hears of new ones on the public channel.
  // Started before the session is read: neither waits for the other.
  const queryClient = getQueryClient();
  const maintenance = queryClient.prefetchQuery(trpc.system.maintenance.queryOptions());
  const user = await currentUser();
  // The bell renders with the count at once; the browser then keeps it live
  // from the snapshot's event id on.
  await Promise.all([maintenance, user ? queryClient.prefetchQuery(trpc.notifications.summary.queryOptions()) : null]);
  return (
    <html lang="en">
      <body>
        <Providers realtimeConfig={publicRealtimeConfig()} signedIn={user !== null}>
          <HydrateClient>
            <a href="#main" className="skip-link">
              Skip to content
            </a>
            <SiteHeader user={user} />
            {user && <ConnectionBanner />}
            <MaintenanceBanner />
            <main id="main" className="page">
              {children}
            </main>
            {user && <LiveNotifications userId={user.id} />}
            <ServiceWorkerRegistration />
          </HydrateClient>
        </Providers>
      </body>
    </html>
  );
}
