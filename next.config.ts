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
  experimental: { authInterrupts: true },
};

export default nextConfig;
