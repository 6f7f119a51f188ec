// Prisma CLI configuration. The schema engine runs as WebAssembly through the
// `pg` driver adapter, so no native engine is ever downloaded (see README,
// "Why Prisma runs without binaries").
import "dotenv/config";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// `prisma generate` (run on every install) and `migrate diff` read the schema,
// which names env("DATABASE_URL"); without a value the CLI falls back to its
// native engine and tries to download it. Neither needs a database (the adapter
// connects lazily), so a placeholder does; `migrate deploy` is always run by
// scripts/ with the real URL.
process.env.DATABASE_URL ??= "postgresql://placeholder@127.0.0.1:1/placeholder";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
