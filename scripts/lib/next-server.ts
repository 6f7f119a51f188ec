// Next's own CLI for the build, and the app's web server (scripts/web-server.ts)
// for dev and prod, run with this Node (process.execPath), so no shell or
// PATH lookup is involved.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describeExit, spawnManaged, type ManagedProcess } from "./processes";
import type { Mode } from "./start-settings";

const require = createRequire(import.meta.url);

function nextCli(): string {
  return path.join(path.dirname(require.resolve("next/package.json")), "dist", "bin", "next");
}

/** Whether `next build` has produced a build in `distDir` (next.config.ts reads NEXT_DIST_DIR). */
export function hasProductionBuild(root: string, distDir: string): boolean {
  return existsSync(path.join(root, distDir, "BUILD_ID"));
}

/** Runs `next build`; registered while it runs so that Ctrl-C can stop it too. */
export async function buildNext(
  root: string,
  env: Record<string, string>,
  track: (build: ManagedProcess) => () => void,
): Promise<void> {
  const build = spawnManaged("next build", process.execPath, [nextCli(), "build"], { cwd: root, env });
  const untrack = track(build);
  const exit = await build.exited;
  untrack();
  if (exit.code !== 0) throw new Error(`next build ${describeExit(exit)}; see its output above.`);
}

/** The app's web server (scripts/web-server.ts: Next plus the connection's address), in dev or prod. */
export function startNext(mode: Mode, root: string, port: number, env: Record<string, string>): ManagedProcess {
  const entry = path.join(root, "scripts", "web-server.ts");
  // Benchmarks profile the web server with BENCH_CPU_PROFILE_DIR (node
  // refuses --cpu-prof in NODE_OPTIONS): one .cpuprofile per run, written at exit.
  const profile = process.env.BENCH_CPU_PROFILE_DIR;
  const flags = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [];
  return spawnManaged(`the web server (${mode})`, process.execPath, [...flags, "--import", "tsx", entry, mode, String(port)], {
    cwd: root,
    env,
  });
}
