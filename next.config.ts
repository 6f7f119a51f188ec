import type { NextConfig } from "next";
import { servedHosts } from "./scripts/lib/network-addresses";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The dev server refuses its scripts to pages opened at other hosts, and a
  // page that never hydrates submits its forms without JavaScript: allow every
  // address the start command prints (127.0.0.1, and the LAN addresses a phone opens).
  allowedDevOrigins: servedHosts(),
  // Tests and the dev server may run side by side: each can have its own build folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole repository (tests and scripts too); the
  // build need not spend another 20 s on 2 cores doing part of it again.
  typescript: { ignoreBuildErrors: true },
  // `forbidden()` answers pages a signed-in person may not see with a real 403.
  experimental: {
    authInterrupts: true,
    // Going back to a section seen in the last 30 s shows it from the tab's
    // router cache, with no server round trip (Next's default for dynamic
    // pages is 0 s). What these pages render on the server is the frame
    // (who is signed in, may they open it); their data comes from tRPC
    // queries kept live by events. Signing in and changing one's name call
    // router.refresh(), which empties this cache. docs/benchmarks.md, "Page load".
    staleTimes: { dynamic: 30 },
  },
};

export default nextConfig;
