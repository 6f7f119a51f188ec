// The start command's supervisor (scripts/lib/supervisor.ts) with real child
// processes: a crashed child comes back with a log line saying so, an
// intended stop is never undone, and a child that keeps crashing makes it
// give up with a message instead of restarting it forever.
import { afterEach, describe, expect, it } from "vitest";
import { spawnManaged, type ManagedProcess } from "../../scripts/lib/processes";
import { Supervisor, type SupervisorOptions } from "../../scripts/lib/supervisor";

/** A child that runs until killed, or one that exits at once with `code`. */
function child(behaviour: "runs" | { exitsWith: number }): ManagedProcess {
  const script = behaviour === "runs" ? "setInterval(() => {}, 60_000)" : `process.exit(${behaviour.exitsWith})`;
  return spawnManaged("test child", process.execPath, ["-e", script], { env: process.env, stdio: "ignore" });
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let supervisors: Supervisor<ManagedProcess>[] = [];

/** A supervisor with short pauses, its log, and every child it started. */
async function supervise(
  start: () => Promise<ManagedProcess>,
  options: Partial<SupervisorOptions<ManagedProcess>> = {},
) {
  const lines: string[] = [];
  const gaveUp: string[] = [];
  const started: ManagedProcess[] = [];
  const supervisor = await Supervisor.start<ManagedProcess>({
    name: "the test child",
    start: async () => {
      const service = await start();
      started.push(service);
      return service;
    },
    giveUp: (message) => gaveUp.push(message),
    firstBackoffMs: 20,
    crashLimit: 3,
    windowMs: 60_000,
    log: { info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`) },
    ...options,
  });
  supervisors.push(supervisor);
  return { supervisor, lines, gaveUp, started };
}

afterEach(async () => {
  await Promise.all(supervisors.map((s) => s.stop()));
  supervisors = [];
});

describe("Supervisor", () => {
  it("restarts a child killed by SIGKILL and says so, and never restarts it after an intended stop", async () => {
    const { supervisor, lines, gaveUp, started } = await supervise(async () => child("runs"));
    const first = supervisor.pid!;
    expect(alive(first)).toBe(true);

    process.kill(first, "SIGKILL");
    await expect.poll(() => started.length).toBe(2);
    await expect.poll(() => supervisor.pid).toBe(started[1]!.child.pid);
    const second = supervisor.pid!;
    expect(second).not.toBe(first);
    expect(alive(second)).toBe(true);
    expect(lines).toEqual([
      "warn: The test child was killed by SIGKILL; restarting it in 0.02 s (1st crash within 60 s; the 3rd stops everything).",
      `info: The test child is running again (pid ${second}).`,
    ]);

    await supervisor.stop();
    expect(alive(second)).toBe(false);
    expect(supervisor.pid).toBeUndefined();
    // Longer than any pause it would take before a restart.
    await new Promise((r) => setTimeout(r, 200));
    expect(started).toHaveLength(2);
    expect(gaveUp).toEqual([]);
  });

  it("gives up after the crash limit within the window, with a message that says why", async () => {
    const { lines, gaveUp, started } = await supervise(async () => child({ exitsWith: 3 }));

    await expect.poll(() => gaveUp.length).toBe(1);
    expect(gaveUp[0]).toBe(
      "The test child exited with code 3: 3 crashes within 60 s, so it is not restarted again; stopping everything.",
    );
    // Started once, restarted after the 1st and 2nd crash (pauses doubling), not after the 3rd.
    expect(started).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith("warn:"))).toEqual([
      "warn: The test child exited with code 3; restarting it in 0.02 s (1st crash within 60 s; the 3rd stops everything).",
      "warn: The test child exited with code 3; restarting it in 0.04 s (2nd crash within 60 s; the 3rd stops everything).",
    ]);
    await new Promise((r) => setTimeout(r, 200));
    expect(started).toHaveLength(3);
  });

  it("doubles the pause with each crash, up to its maximum", async () => {
    const { gaveUp, lines } = await supervise(async () => child({ exitsWith: 1 }), {
      firstBackoffMs: 100,
      maxBackoffMs: 250,
      crashLimit: 4,
    });
    await expect.poll(() => gaveUp.length, { timeout: 10_000 }).toBe(1);
    expect(lines.filter((l) => l.startsWith("warn:")).map((l) => /restarting it in ([\d.]+ s)/.exec(l)?.[1])).toEqual([
      "0.1 s",
      "0.2 s",
      "0.25 s",
    ]);
  });

  it("counts a restart that cannot start as one more crash", async () => {
    let calls = 0;
    const { supervisor, lines, gaveUp } = await supervise(async () => {
      calls += 1;
      if (calls > 1) throw new Error("port 6001 is busy");
      return child("runs");
    });
    const first = lines.length;
    process.kill(supervisor.pid!, "SIGKILL");
    await expect.poll(() => gaveUp.length).toBe(1);
    expect(lines.slice(first)).toEqual([
      "warn: The test child was killed by SIGKILL; restarting it in 0.02 s (1st crash within 60 s; the 3rd stops everything).",
      "warn: The test child could not start again (port 6001 is busy); restarting it in 0.04 s (2nd crash within 60 s; the 3rd stops everything).",
    ]);
    expect(gaveUp[0]).toMatch(/^The test child could not start again \(port 6001 is busy\): 3 crashes within 60 s/);
  });

  it("a stop during the pause before a restart ends the pause, and nothing is restarted", async () => {
    // A pause longer than the test's timeout: only stop() can end it.
    const { supervisor, lines, started } = await supervise(async () => child("runs"), {
      firstBackoffMs: 60_000,
      maxBackoffMs: 60_000,
    });
    process.kill(supervisor.pid!, "SIGKILL");
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatch(/restarting it in 60 s/);
    await supervisor.stop();
    expect(started).toHaveLength(1);
    expect(supervisor.pid).toBeUndefined();
  });

  it("does not restart a child that exits while its owner is stopping", async () => {
    let ownerStopping = false;
    const { supervisor, lines, gaveUp, started } = await supervise(async () => child("runs"), {
      mayRestart: () => !ownerStopping,
    });
    const pid = supervisor.pid!;
    ownerStopping = true;
    process.kill(pid, "SIGKILL");
    await expect.poll(() => alive(pid)).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(started).toHaveLength(1);
    expect(lines).toEqual([]);
    expect(gaveUp).toEqual([]);
  });
});
