// What the start command has started, and the one way it stops: in reverse
// order of starting (web server, then Soketi, then the database, which must
// outlive its clients to flush cleanly), whether on Ctrl-C, on an error, or
// because a child died. Children that can be restarted without the others
// (Soketi, the worker) are supervised instead: restarted after a crash, and
// only crashing too often stops everything (supervisor.ts).
import { describeError, log } from "./log";
import { describeExit, type ExitInfo, type ManagedProcess } from "./processes";
import { Supervisor, type Supervisable } from "./supervisor";

type Running = { name: string; stop: () => Promise<void>; kill?: () => void };

// `npm run` and tsx both pass the terminal's Ctrl-C on to their child, so one
// key press can arrive two or three times within a few milliseconds. Only a
// press after this pause counts as a second one.
const REPEAT_WINDOW_MS = 1_000;

export class Lifecycle {
  private running: Running[] = [];
  private starting = new Set<Promise<unknown>>();
  private exiting: Promise<never> | null = null;

  get stopping(): boolean {
    return this.exiting !== null;
  }

  /** Registers something to stop at exit; returns a function that unregisters it. */
  add(name: string, stop: () => Promise<void>, kill?: () => void): () => void {
    const entry = { name, stop, kill };
    this.running.push(entry);
    return () => {
      this.running = this.running.filter((r) => r !== entry);
    };
  }

  /**
   * Starts a service and registers it. A stop requested meanwhile waits for
   * the start to finish, so nothing half-started is left running; and once
   * stopping, this never returns (the process is about to exit).
   */
  async start<T extends { stop: () => Promise<void>; kill?: () => void }>(
    name: string,
    begin: () => Promise<T>,
  ): Promise<T> {
    const registered = begin().then((service) => {
      this.add(name, () => service.stop(), service.kill && (() => service.kill?.()));
      return service;
    });
    this.starting.add(registered);
    try {
      return await this.step(registered);
    } finally {
      this.starting.delete(registered);
    }
  }

  /**
   * Awaits one step of the start-up; once stopping, never returns, so the
   * start-up does not go on (and its errors, caused by the stop, are not reported).
   */
  async step<T>(work: Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work;
    } catch (error) {
      if (this.exiting) await this.exiting;
      throw error;
    }
    if (this.exiting) await this.exiting;
    return result;
  }

  /** Stops everything when a child exits on its own. */
  exitWith(name: string, exited: Promise<ExitInfo>): void {
    void exited.then((exit) => {
      if (this.stopping) return;
      void this.exit(1, `${name} ${describeExit(exit)} unexpectedly; stopping everything.`);
    });
  }

  /** Registers a child process and stops everything if it exits on its own. */
  watch(child: ManagedProcess): () => void {
    const remove = this.add(child.name, () => child.stop(), () => child.kill());
    this.exitWith(child.name, child.exited);
    return remove;
  }

  /**
   * Starts a child and keeps it running: restarted after a crash, with
   * backoff; crashing too often stops everything. Never restarted once
   * stopping (Ctrl-C, SIGTERM, another child's end).
   */
  supervise<T extends Supervisable>(name: string, begin: () => Promise<T>): Promise<Supervisor<T>> {
    return this.start(name, () =>
      Supervisor.start({
        name,
        start: begin,
        giveUp: (message) => void this.exit(1, message),
        mayRestart: () => !this.stopping,
      }),
    );
  }

  /** Stops everything (once, however often it is called) and exits the process. */
  exit(code: number, message?: string): Promise<never> {
    this.exiting ??= this.stopAll(code, message);
    return this.exiting;
  }

  private async stopAll(code: number, message?: string): Promise<never> {
    if (message) (code === 0 ? log.info : log.error)(message);
    const started = Date.now();
    await Promise.allSettled(this.starting);
    // Newest first; an entry stays listed until stopped, so a forced exit
    // meanwhile still kills it.
    for (let entry = this.running.at(-1); entry; entry = this.running.at(-1)) {
      try {
        await entry.stop();
      } catch (error) {
        log.error(`Could not stop ${entry.name} cleanly: ${describeError(error)}`);
      }
      this.running = this.running.filter((r) => r !== entry);
    }
    log.info(`Stopped everything in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    process.exit(code);
  }

  /** Kills what is left without waiting (a second Ctrl-C). */
  private forceExit(): never {
    log.warn("Forced exit: killing what is still running (the embedded database recovers on its next start).");
    for (const entry of this.running) entry.kill?.();
    process.exit(130);
  }

  /**
   * A bug in this script, or output going nowhere (a closed terminal, a
   * reader that quit: EPIPE), must not end it before the children are
   * stopped, or they would be left running without an owner.
   */
  handleCrashes(): void {
    for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
    const onCrash = (error: unknown) => void this.exit(1, `Unexpected error: ${describeError(error)}`);
    process.on("uncaughtException", onCrash);
    process.on("unhandledRejection", onCrash);
  }

  /** Ctrl-C, `kill` and a closed terminal all stop everything cleanly. */
  handleSignals(): void {
    let firstAt = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstAt === 0) {
        firstAt = Date.now();
        void this.exit(0, `${signal}: stopping (press Ctrl-C again to force)...`);
      } else if (Date.now() - firstAt > REPEAT_WINDOW_MS) {
        this.forceExit();
      }
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
  }
}
