// `npm run db:migrate`: applies prisma/migrations to the database DATABASE_URL
// names (from the environment or .env). The start command does the same on
// every start; this is for deploy pipelines that migrate as a separate step.
import path from "node:path";
import { fileURLToPath } from "node:url";
import dotenv from "dotenv";
import { describeError, log } from "./lib/log";
import { migrateDeploy } from "./lib/migrate";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
dotenv.config({ path: path.join(root, ".env"), quiet: true });

const url = process.env.DATABASE_URL;
if (!url) {
  log.error("DATABASE_URL is required (a postgresql:// URL). The embedded database is migrated by `npm run dev` itself.");
  process.exit(1);
}

try {
  await migrateDeploy(url);
} catch (error) {
  log.error(describeError(error));
  process.exit(1);
}
