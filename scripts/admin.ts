// `npm run admin -- promote <email>`: makes an existing account an admin, for
// the first admin of a production install (nobody can do it in the app
// before there is one). The database is the one the app uses: DATABASE_URL
// from the environment or .env, as `npm run db:migrate` reads it; without
// one, the embedded database of `npm start` (which must be running). The
// change is audited as done by the command line.
import path from "node:path";
import { fileURLToPath } from "node:url";
import dotenv from "dotenv";
import { z } from "zod";
import { createDb } from "../src/server/db";
import { changeRoleWith } from "../src/server/admin/change-role";
import { embeddedPostgresUrl } from "./lib/embedded-postgres";
import { describeError } from "./lib/log";
import { readStartSettings } from "./lib/start-settings";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
dotenv.config({ path: path.join(root, ".env"), quiet: true });

const USAGE = "Usage: npm run admin -- promote <email>";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const [command, rawEmail, ...extra] = process.argv.slice(2);
if (command !== "promote" || rawEmail === undefined || extra.length > 0) fail(USAGE);
const email = z.email().safeParse(rawEmail.trim().toLowerCase());
if (!email.success) fail(`"${rawEmail}" is not an email address.\n${USAGE}`);

function databaseUrl(): { url: string; where: string } {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, where: "DATABASE_URL" };
  const port = readStartSettings(process.env, "prod", root).embeddedDbPort;
  return { url: embeddedPostgresUrl(port), where: `the embedded database on port ${port} (is \`npm start\` running?)` };
}

const { url, where } = databaseUrl();
const { pool, prisma } = createDb(url, 2);
let code = 0;
try {
  const person = await prisma.user.findUnique({ where: { email: email.data }, select: { id: true } });
  if (!person) {
    console.error(`No account has the email ${email.data}. Sign up with it in the app first, then run this again.`);
    code = 1;
  } else {
    const result = await changeRoleWith(prisma, { actor: { commandLine: true }, userId: person.id, role: "ADMIN" });
    console.log(
      result.changed
        ? `${result.user.name} (${result.user.email}) is now an admin. Admin is in their header from their next page.`
        : `${result.user.name} (${result.user.email}) is already an admin; nothing changed.`,
    );
  }
} catch (error) {
  console.error(`Could not promote ${email.data} (database: ${where}): ${describeError(error)}`);
  code = 1;
} finally {
  await prisma.$disconnect();
  await pool.end().catch(() => undefined);
}
process.exit(code);
