// One start command per data directory. PostgreSQL locks its own cluster
// (postmaster.pid), but the dev settings and uploads beside it are shared
// too, and this says which start command holds them. The ports usually clash
// first, but not when the second one is given other ports.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

function isStartCommand(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false; // no such process: a stale lock from a crash
  }
  try {
    // A recycled pid belongs to some unrelated program: not a holder.
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("serve");
  } catch {
    return true; // no /proc (not Linux): trust the pid
  }
}

/** Takes the data directory; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "serve.pid");
  try {
    writeFileSync(file, String(process.pid), { flag: "wx" });
  } catch {
    const holder = Number.parseInt(readFileSync(file, "utf8"), 10);
    if (Number.isInteger(holder) && isStartCommand(holder)) {
      throw new Error(
        `Another start command (pid ${holder}) is using the embedded database in ${dataDir}. ` +
          `Stop it first, or set DATA_DIR to another folder.`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => {
    try {
      if (readFileSync(file, "utf8") === String(process.pid)) rmSync(file);
    } catch {
      // Already gone.
    }
  };
}
