// Writes a new migration from the change to prisma/schema.prisma:
//
//   npx tsx scripts/new-migration.ts <name> [--from <git-ref>]
//
// `prisma migrate dev` cannot work here (the WebAssembly schema engine cannot
// introspect a database), so the SQL is `prisma migrate diff` between the
// schema as committed at <git-ref> (default HEAD: the schema the last
// migration was made from) and the working copy. With a driver adapter in
// prisma.config.ts the CLI connects to a database even for a diff of two
// files, so a throwaway in-memory PostgreSQL is started for it.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { describeError } from "./lib/log";
import { freePort } from "./lib/ports";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function usage(message: string): never {
  console.error(`${message}\nUsage: npx tsx scripts/new-migration.ts <name> [--from <git-ref>]`);
  process.exit(1);
}

function parseArgs(argv: string[]) {
  const [name, flag, ref] = argv;
  if (!name || !/^[a-z0-9_]+$/.test(name)) usage("Give the migration a name in snake_case, e.g. add_archived_at.");
  if (flag !== undefined && (flag !== "--from" || !ref)) usage(`Unexpected argument: ${flag}`);
  return { name, ref: ref ?? "HEAD" };
}

/** UTC yyyymmddhhmmss, the prefix Prisma orders migrations by. */
function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

// Prisma's statement splitter (migrate deploy) miscounts on these inside comments.
function commentProblems(sql: string): string[] {
  return sql
    .split("\n")
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => {
      const comment = line.indexOf("--");
      return comment >= 0 && /[;']/.test(line.slice(comment));
    })
    .map(({ number, line }) => `line ${number}: ${line.trim()}`);
}

async function diff(oldSchema: string, databaseUrl: string): Promise<string> {
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  const args = ["migrate", "diff", "--from-schema-datamodel", oldSchema, "--to-schema-datamodel", "prisma/schema.prisma", "--script"];
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let sql = "";
  let errors = "";
  child.stdout.on("data", (d: Buffer) => (sql += d.toString()));
  child.stderr.on("data", (d: Buffer) => (errors += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`prisma migrate diff failed (exit ${code}):\n${errors}${sql}`);
  return sql;
}

async function main() {
  const { name, ref } = parseArgs(process.argv.slice(2));
  let committed: string;
  try {
    committed = execFileSync("git", ["show", `${ref}:prisma/schema.prisma`], { cwd: root, encoding: "utf8" });
  } catch {
    usage(`Cannot read prisma/schema.prisma at ${ref}.`);
  }
  const scratch = mkdtempSync(path.join(tmpdir(), "new-migration-"));
  const oldSchema = path.join(scratch, "schema.prisma");
  writeFileSync(oldSchema, committed);

  console.log(`Comparing prisma/schema.prisma with its version at ${ref} (this takes ~15 s)...`);
  const database = await startEmbeddedPostgres({ port: await freePort() });
  let sql: string;
  try {
    sql = await diff(oldSchema, database.url);
  } finally {
    await database.stop();
    rmSync(scratch, { recursive: true, force: true });
  }

  if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ""))) {
    console.log(`No change: prisma/schema.prisma is the same as at ${ref} (edit it first, or pass --from <older ref>).`);
    process.exit(1);
  }
  const folder = path.join("prisma", "migrations", `${timestamp()}_${name}`);
  mkdirSync(path.join(root, folder), { recursive: true });
  writeFileSync(path.join(root, folder, "migration.sql"), sql);
  console.log(`Wrote ${folder}/migration.sql:\n\n${sql}`);

  const problems = commentProblems(sql);
  if (problems.length > 0) {
    console.warn(`Remove ";" and "'" from these comments, or migrate deploy will split the file wrongly:\n  ${problems.join("\n  ")}`);
  }
  console.log("Next: read the SQL, run `npx prisma generate`, and `npm run dev` applies it (or `npm run db:migrate`).");
}

main().catch((error: unknown) => {
  console.error(describeError(error));
  process.exit(1);
});
