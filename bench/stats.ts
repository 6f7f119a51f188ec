// What the benchmarks (bench/run.ts, bench/rest.ts) share: percentiles and
// medians, the events in flight and their arrivals at clients, the machine and
// its load during the run, and the results file.
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentile of values sorted ascending. */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export type Percentiles = { p50: number; p95: number; p99: number };

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** Each percentile's median over runs (runs are medianed, never pooled: one bad run cannot set the figure). */
export function medianPercentiles(runs: Percentiles[]): Percentiles {
  return { p50: median(runs.map((r) => r.p50)), p95: median(runs.map((r) => r.p95)), p99: median(runs.map((r) => r.p99)) };
}

/** `failed`: calls answered with an error (nothing committed, nothing to deliver); `lost`: committed but never arrived. */
export type Latency = Percentiles & { events: number; lost: number; failed: number };

export function medianLatency(runs: Latency[]): Latency {
  return {
    ...medianPercentiles(runs),
    events: runs.reduce((s, r) => s + r.events, 0),
    lost: runs.reduce((s, r) => s + r.lost, 0),
    failed: runs.reduce((s, r) => s + r.failed, 0),
  };
}

// Every event a benchmark sends carries a unique index in its title ("b<index>",
// which the clients in bench/clients.ts read back), unique across runs so that
// a late arrival from one run is never taken for an event of the next. They
// start at 6 digits so that every title has one length and the payload sizes
// measured on the first events hold for the rest.
let lastIndex = 100_000;
export const newIndex = () => ++lastIndex;

/**
 * The events of one run: when each was sent, the latency of each first
 * arrival, and how many arrivals there were in all (a fan-out event arrives
 * once per subscriber).
 */
export class Arrivals {
  private readonly sentAt = new Map<number, number>();
  private readonly indices = new Set<number>();
  /** Callers waiting for an event to arrive (arrival()). */
  private readonly waiting = new Map<number, () => void>();
  readonly latencies: number[] = [];
  /** Arrivals of this run's events, every subscriber's. */
  count = 0;
  /** performance.now() of the last of them. */
  lastAt = NaN;

  sent(index: number): void {
    this.indices.add(index);
    this.sentAt.set(index, performance.now());
  }

  /** The call failed: nothing will arrive. */
  cancel(index: number): void {
    this.sentAt.delete(index);
    this.release(index);
  }

  readonly arrived = (index: number): void => {
    if (!this.indices.has(index)) return; // a straggler of an earlier run
    this.count++;
    this.lastAt = performance.now();
    const at = this.sentAt.get(index);
    if (at === undefined) return;
    this.latencies.push(performance.now() - at);
    this.sentAt.delete(index);
    this.release(index);
  };

  /**
   * Settles once the event has arrived, or its call failed (cancel), or
   * after `timeoutMs` without it (settle then counts it lost).
   */
  arrival(index: number, timeoutMs = 5_000): Promise<void> {
    if (!this.sentAt.has(index)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.release(index), timeoutMs);
      this.waiting.set(index, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private release(index: number): void {
    this.waiting.get(index)?.();
    this.waiting.delete(index);
  }

  /** Sent and not arrived yet (after `settle`: lost). */
  get pending(): number {
    return this.sentAt.size;
  }

  /** Waits until `done()` (by default: nothing pending) or until nothing arrived for `quietMs`. */
  async settle(done: () => boolean = () => this.pending === 0, quietMs = 5_000): Promise<void> {
    let last = this.count;
    let lastChange = performance.now();
    while (!done()) {
      await sleep(10);
      if (this.count !== last) [last, lastChange] = [this.count, performance.now()];
      else if (performance.now() - lastChange > quietMs) return;
    }
  }
}

/** Runs `callers` loops that take the next of `count` jobs until none is left. */
export async function closedLoop(callers: number, count: number, job: (n: number, caller: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (next < count) await job(next++, caller);
    }),
  );
}

/** The last line of an error, for a log line. */
export const shortError = (error: unknown) => String(error).split("\n").filter(Boolean).at(-1) ?? String(error);

// ---- the machine and its load --------------------------------------------------
/** Busy and total CPU time of all cores so far (Linux /proc/stat), or null elsewhere. */
function cpuTimes(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((s, n) => s + n, 0);
    const idle = fields[3]! + fields[4]!; // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

export type Machine = {
  cpus: number;
  model?: string;
  memoryGb: number;
  node: string;
  /** 1, 5 and 15-minute load averages when the run started and ended. */
  loadBefore: number[];
  loadAfter: number[];
  /** How busy all cores were, on average, over the run (this benchmark included). */
  cpuBusyPercent: number | null;
};

/** Starts watching the machine; the function returned describes it and its load since. */
export function watchMachine(): () => Machine {
  const loadBefore = os.loadavg();
  const before = cpuTimes();
  return () => {
    const after = cpuTimes();
    return {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadBefore,
      loadAfter: os.loadavg(),
      cpuBusyPercent: before && after ? (100 * (after.busy - before.busy)) / Math.max(1, after.total - before.total) : null,
    };
  };
}

export function describeMachine(m: Machine): string {
  const load = (l: number[]) => l.map((n) => n.toFixed(1)).join(" / ");
  return (
    `Machine: ${m.cpus} cores (${m.model ?? "?"}), ${m.memoryGb} GB, Node ${m.node}; ` +
    `load average (1/5/15 min) ${load(m.loadBefore)} before, ${load(m.loadAfter)} after` +
    (m.cpuBusyPercent === null ? "" : `; CPUs ${m.cpuBusyPercent.toFixed(0)}% busy during the run (this benchmark included)`)
  );
}

/** Writes the run's JSON to bench/results/<prefix><date>.json; returns its path from `root`. */
export function writeResult(root: string, prefix: string, result: { date: string }): string {
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  const file = path.join(root, "bench", "results", `${prefix}${result.date.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return path.relative(root, file);
}
