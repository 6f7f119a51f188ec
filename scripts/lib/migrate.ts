// Applies the migrations in prisma/migrations with Prisma's CLI (its
// WebAssembly schema engine; see prisma.config.ts).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

export async function migrateDeploy(databaseUrl: string, options: { quiet?: boolean } = {}): Promise<void> {
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  let output = "";
  const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`);
  if (!options.quiet) {
    const applied = output.match(/(\d+) migrations? found|No pending migrations to apply|successfully applied/g);
    if (applied) console.log(`[start] database migrations: ${applied.join(", ")}`);
  }
}
