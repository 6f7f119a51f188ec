// Applies the migrations in prisma/migrations with Prisma's CLI (its
// WebAssembly schema engine; see prisma.config.ts).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

// What `migrate deploy` prints last when it succeeded.
const DONE = /All migrations have been successfully applied\.|No pending migrations to apply\./;
// Measured with Prisma 6.19: after that line the WASM schema engine leaves a
// 10-second timer pending, which keeps the CLI's process alive for ~10 s of
// nothing on every start and every test run. Once the line is out, the work
// is committed; the process is given a moment to exit, then ended.
const LINGER_MS = 500;

function summary(output: string): string {
  const found = /(\d+) migrations? found/.exec(output)?.[1] ?? "?";
  const applied = [...output.matchAll(/└─ (\S+)\//g)].map((m) => m[1]);
  return applied.length > 0
    ? `applied ${applied.join(", ")} (${found} in total)`
    : `up to date (${found} migration${found === "1" ? "" : "s"})`;
}

export async function migrateDeploy(databaseUrl: string, options: { quiet?: boolean } = {}): Promise<void> {
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  let output = "";
  let succeeded = false;
  const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
    cwd: root, // where prisma.config.ts is
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let linger: NodeJS.Timeout | undefined;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (!succeeded && DONE.test(output)) {
      succeeded = true;
      linger = setTimeout(() => child.kill("SIGTERM"), LINGER_MS);
    }
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const code = await exited;
  clearTimeout(linger);
  if (!succeeded || (code !== 0 && code !== null)) {
    throw new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`);
  }
  if (!options.quiet) console.log(`[start] Database migrations: ${summary(output)}`);
}
