// Starts one worker process (background jobs: data imports). The start
// command runs this beside the web server; run more for scale-out:
//   DATABASE_URL=... UPLOAD_DIR=... npm run worker
import path from "node:path";
import { fileURLToPath } from "node:url";
import dotenv from "dotenv";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
dotenv.config({ path: path.join(root, ".env"), quiet: true });

const { InvalidSettingsError } = await import("../src/server/env");
try {
  const { main } = await import("../src/server/jobs/worker-main");
  await main();
} catch (error) {
  console.error(error instanceof InvalidSettingsError ? error.message : `[worker] could not start: ${String(error)}`);
  process.exit(1);
}
