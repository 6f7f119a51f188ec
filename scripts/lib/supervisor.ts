// Keeps one child of the start command running: when it exits on its own
// (a crash, a `kill -9`, the OOM killer), it is started again after a pause
// that doubles with each crash (0.5 s, 1 s, 2 s, ... up to 10 s), so that a
// child that cannot run is not restarted in a tight loop. Crashes older than
// the window are forgotten, so a child that ran well for a minute starts
// again from the shortest pause. After `crashes` crashes within the window
// it gives up: whatever breaks it is not going away by itself, and the owner
// stops everything with a message that says so.
//
// An intended stop (Ctrl-C, SIGTERM, the owner stopping) is never answered by
// a restart: `stop()` marks it first, and `mayRestart` lets the owner say it is
// stopping before it reaches this child.
import { log as startLog } from "./log";
import { describeExit, type ExitInfo } from "./processes";

/** What the supervisor needs of a started child (a ManagedProcess, a started Soketi). */
export type Supervisable = {
  child: { pid?: number };
  exited: Promise<ExitInfo>;
  stop(): Promise<void>;
  kill(): void;
};

export type SupervisorOptions<T extends Supervisable> = {
  /** As the log names it: "Soketi", "the worker". */
  name: string;
  /** Starts the child; resolves once it runs (rejects if it could not start). */
  start: () => Promise<T>;
  /** Told once, when the crashes came too fast: the owner stops everything. */
  giveUp: (message: string) => void;
  /** False once the owner is stopping: a child that exits then is not restarted. */
  mayRestart?: () => boolean;
  /** The first pause before a restart, doubled per crash within the window, up to `maxBackoffMs`. */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  /** This many crashes within `windowMs` and it gives up. */
  crashLimit?: number;
  windowMs?: number;
  /** Told when a restarted child runs (the new pid). */
  onRestarted?: (service: T) => void;
  log?: Pick<typeof startLog, "info" | "warn">;
};

const SUPERVISION_DEFAULTS = {
  firstBackoffMs: 500,
  maxBackoffMs: 10_000,
  crashLimit: 5,
  windowMs: 60_000,
} as const;

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

export class Supervisor<T extends Supervisable> {
  private current: T | null;
  private readonly crashes: number[] = [];
  private stopped = false;
  private pauseTimer: NodeJS.Timeout | undefined;
  private endPause: (() => void) | undefined;
  /** A recovery under way, which a stop waits for (so nothing it starts is left running). */
  private recovering: Promise<void> = Promise.resolve();
  private readonly settings: Required<Omit<SupervisorOptions<T>, "onRestarted" | "mayRestart">> &
    Pick<SupervisorOptions<T>, "onRestarted" | "mayRestart">;

  private constructor(options: SupervisorOptions<T>, first: T) {
    this.settings = { ...SUPERVISION_DEFAULTS, log: startLog, ...options };
    this.current = first;
    this.follow(first);
  }

  /**
   * Starts the child the first time. A child that cannot start at all is
   * not retried (a busy port, a bad setting): that error goes to the caller.
   */
  static async start<T extends Supervisable>(options: SupervisorOptions<T>): Promise<Supervisor<T>> {
    return new Supervisor(options, await options.start());
  }

  /** The running child's pid; undefined while it is down. */
  get pid(): number | undefined {
    return this.current?.child.pid;
  }

  /** Stops the child for good (no restart), waiting for a restart under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pauseTimer);
    this.endPause?.();
    await this.recovering;
    const child = this.current;
    this.current = null;
    await child?.stop();
  }

  /** SIGKILL, now (a forced exit). */
  kill(): void {
    this.stopped = true;
    clearTimeout(this.pauseTimer);
    this.current?.kill();
  }

  private follow(service: T): void {
    void service.exited.then((exit) => {
      if (service !== this.current) return;
      this.current = null;
      this.recovering = this.recover(service, describeExit(exit));
    });
  }

  private restartAllowed(): boolean {
    return !this.stopped && (this.settings.mayRestart?.() ?? true);
  }

  /** After a crash: restart with backoff (a failed restart is one more crash), or give up. */
  private async recover(crashed: T, exit: string): Promise<void> {
    const { name, crashLimit, windowMs, firstBackoffMs, maxBackoffMs, log } = this.settings;
    const Name = capitalized(name);
    let previous: T | null = crashed;
    let what = exit;
    while (this.restartAllowed()) {
      const now = Date.now();
      this.crashes.push(now);
      while (this.crashes[0]! <= now - windowMs) this.crashes.shift();
      const count = this.crashes.length;
      if (count >= crashLimit) {
        this.stopped = true;
        this.settings.giveUp(
          `${Name} ${what}: ${count} crashes within ${seconds(windowMs)}, so it is not restarted again; stopping everything.`,
        );
        return;
      }
      const delayMs = Math.min(maxBackoffMs, firstBackoffMs * 2 ** (count - 1));
      log.warn(
        `${Name} ${what}; restarting it in ${seconds(delayMs)} ` +
          `(${ordinal(count)} crash within ${seconds(windowMs)}; the ${ordinal(crashLimit)} stops everything).`,
      );
      // What the crashed child left in its process group (its own children) goes first.
      await previous?.stop();
      previous = null;
      await this.pause(delayMs);
      if (!this.restartAllowed()) return;
      let service: T;
      try {
        service = await this.settings.start();
      } catch (error) {
        what = `could not start again (${error instanceof Error ? error.message : String(error)})`;
        continue;
      }
      if (!this.restartAllowed()) {
        // Stopped while it was starting: stop() waits for this and finds no child.
        await service.stop();
        return;
      }
      this.current = service;
      this.follow(service);
      log.info(`${Name} is running again (pid ${service.child.pid}).`);
      this.settings.onRestarted?.(service);
      return;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      // A stop that came before this pause began ends it at once.
      if (!this.restartAllowed()) return resolve();
      this.endPause = resolve;
      this.pauseTimer = setTimeout(resolve, ms);
    });
  }
}
