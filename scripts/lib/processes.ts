// Child processes the start command owns. By default each runs in its own
// process group (detached): the terminal's Ctrl-C then reaches only the start
// command, which stops the children in order (web server, Soketi, then the
// database), and signalling the group also reaches the workers a child forks
// (next dev does).
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null };

export type ManagedProcess = {
  name: string;
  child: ChildProcess;
  /** Settles when the process has exited. */
  exited: Promise<ExitInfo>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the group, now (for a forced exit). */
  kill(): void;
};

function signal(target: number | undefined, sig: NodeJS.Signals | 0): boolean {
  if (target === undefined) return false;
  try {
    process.kill(target, sig);
    return true;
  } catch {
    // ESRCH: gone already.
    return false;
  }
}

export function describeExit({ code, signal }: ExitInfo): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  options: {
    env: Record<string, string | undefined>;
    cwd?: string;
    stdio?: StdioOptions;
    group?: boolean;
    /** Run as this OS user (PostgreSQL refuses root). */
    uid?: number;
    gid?: number;
  },
): ManagedProcess {
  const group = options.group ?? true;
  const child: ChildProcess = spawn(command, args, {
    // Next's types declare NODE_ENV always present; the child may go without.
    env: options.env as NodeJS.ProcessEnv,
    cwd: options.cwd,
    stdio: options.stdio ?? "inherit",
    detached: group,
    uid: options.uid,
    gid: options.gid,
  });
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once("exit", (code, sig) => resolve({ code, signal: sig }));
    // Spawning itself failed (e.g. a missing executable): no exit event follows.
    child.once("error", () => resolve({ code: child.exitCode ?? 127, signal: null }));
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  // A negative pid addresses the whole process group. Outside a group, the
  // pid is only signalled while the child lives (a reaped pid may be reused).
  const target = child.pid === undefined ? undefined : group ? -child.pid : child.pid;
  const alive = () => (group ? signal(target, 0) : !hasExited());
  const send = (sig: NodeJS.Signals) => {
    if (alive()) signal(target, sig);
  };

  async function stop(graceMs = 10_000): Promise<void> {
    send("SIGTERM");
    const deadline = Date.now() + graceMs;
    // The leader may be gone while a forked worker lingers: wait for the
    // group, not only for the leader.
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    send("SIGKILL");
    await exited;
  }

  return { name, child, exited, stop, kill: () => send("SIGKILL") };
}
