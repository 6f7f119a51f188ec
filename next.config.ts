import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A self-contained server folder for the production image (docker-compose.yml).
  output: "standalone",
  poweredByHeader: false,
  // Tests and the dev server may run side by side: each can have its own build folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
