// The background worker (scripts/worker.ts) as a child of the start command.
import path from "node:path";
import { spawnManaged, type ManagedProcess } from "./processes";

export function startWorker(root: string, env: Record<string, string>): ManagedProcess {
  return spawnManaged("the worker", process.execPath, ["--import", "tsx", path.join(root, "scripts", "worker.ts")], {
    cwd: root,
    env,
  });
}
