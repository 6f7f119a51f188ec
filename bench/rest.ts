// `npm run bench:rest`: the production server driven the way API users drive
// it. The start command (`npm start` = scripts/serve.ts prod: Next, the worker,
// Soketi, and the embedded PostgreSQL unless DATABASE_URL is given) runs on
// ports of its own; the benchmark makes recipients and an admin with an
// `admin`-scope access token, subscribes one pusher-js client per recipient to
// their private channel, and sends `POST /api/v1/admin/notifications` with the
// token, all over 127.0.0.1. Measured per scenario (callers in a closed loop):
//   notifications/s (answered calls over the time to the last answer), the
//   response time, and the time from the call to the recipient's pusher-js
//   client having the event. Scenarios: 1 caller; 8 callers; 32 callers to
//   32 distinct recipients; 32 callers all to one recipient.
// With several databases (BENCH_DB=postgres,embedded) one server runs per
// database, started one after the other, and every run goes through the
// scenarios on each server in turn, so the machine's drift falls on both.
// Prints a table with the targets and the machine's load; writes JSON to
// bench/results/rest-<date>.json. docs/benchmarks.md.
// Settings: BENCH_DB (postgres | embedded | both, comma-separated; default
// postgres when DATABASE_URL is set, else embedded), DATABASE_URL (for postgres:
// a fresh database is made on that server and dropped at the end; default the
// local server), BENCH_REST_REQUESTS (calls per scenario run, 3000; the 1-caller
// scenario makes a sixth of them), BENCH_RUNS (3), BENCH_REUSE_BUILD=1 (keep the
// build in .next-bench instead of building the code as it is now),
// BENCH_CPU_PROFILE_DIR (write the web server's CPU profile there, for
// `node --cpu-prof`'s viewers or Chrome's DevTools).
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { channels } from "@/lib/realtime/channel-names";
import { pusherJsClient, type Credentials } from "./clients";
import { seedAdminAndPeople, startProdServer, type DatabaseKind, type ProdServer } from "./prod-server";
import {
  Arrivals,
  closedLoop,
  describeMachine,
  median,
  medianPercentiles,
  newIndex,
  percentiles,
  shortError,
  watchMachine,
  writeResult,
  type Percentiles,
} from "./stats";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const REQUESTS = num("BENCH_REST_REQUESTS", 3000);
const RUNS = num("BENCH_RUNS", 3);
const DIST_DIR = ".next-bench";
const SERVER_URL = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const RECIPIENTS = 32;
const WARM_UP = 200;

function databaseKinds(): DatabaseKind[] {
  const given = process.env.BENCH_DB || (process.env.DATABASE_URL ? "postgres" : "embedded");
  const kinds = given === "both" ? ["postgres", "embedded"] : given.split(",").map((k) => k.trim());
  for (const kind of kinds) {
    if (kind !== "postgres" && kind !== "embedded") throw new Error(`BENCH_DB: "${kind}" is neither postgres nor embedded`);
  }
  // postgres first: the tables' ratio is embedded over postgres.
  return (["postgres", "embedded"] as const).filter((kind) => kinds.includes(kind));
}

/** What the issue asks of the server; the table marks each ✓ or ✗. */
type Target = { atLeast: number } | { atMost: number };
type Scenario = {
  name: string;
  callers: number;
  oneRecipient: boolean;
  requests: number;
  targets?: { notificationsPerSecond?: Target; responseP95?: Target; arrivalP95?: Target };
};
const SCENARIOS: Scenario[] = [
  // The unloaded floor: one call at a time.
  { name: "1 caller", callers: 1, oneRecipient: false, requests: Math.ceil(REQUESTS / 6) },
  { name: "8 callers", callers: 8, oneRecipient: false, requests: REQUESTS, targets: { responseP95: { atMost: 100 }, arrivalP95: { atMost: 30 } } },
  { name: "32 callers, distinct recipients", callers: 32, oneRecipient: false, requests: REQUESTS, targets: { notificationsPerSecond: { atLeast: 400 } } },
  // Every write takes the same channel's row lock: the serialised case.
  { name: "32 callers, one recipient", callers: 32, oneRecipient: true, requests: REQUESTS, targets: { notificationsPerSecond: { atLeast: 200 } } },
];

// ---- the server ------------------------------------------------------------------
type Server = ProdServer & {
  token: string;
  recipients: { id: string; email: string }[];
};

const CREDENTIALS: Credentials & { appId: string } = { appId: "bench-rest", key: "bench-rest-key", secret: randomBytes(24).toString("hex") };

async function startServer(kind: DatabaseKind): Promise<Server> {
  const server = await startProdServer({
    kind,
    root,
    distDir: DIST_DIR,
    credentials: CREDENTIALS,
    serverUrl: SERVER_URL,
    databaseName: `notify_bench_rest_${process.pid}`,
    label: `server ${kind}`,
  });
  try {
    const { token, people } = await seedAdminAndPeople(server.databaseUrl, { prefix: "rest", count: RECIPIENTS });
    return { ...server, token, recipients: people };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

// ---- runs ------------------------------------------------------------------------
let arrivals = new Arrivals();
const arrival = (index: number) => arrivals.arrived(index);

async function sendNotification(server: Server, recipient: number, index: number): Promise<void> {
  const res = await fetch(`${server.baseUrl}/api/v1/admin/notifications`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    body: JSON.stringify({ recipientEmail: server.recipients[recipient]!.email, title: `b${index}`, body: "benchmark" }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
}

type RunResult = {
  notificationsPerSecond: number;
  deliveredPerSecond: number;
  response: Percentiles;
  arrival: Percentiles;
  lost: number;
  failed: number;
};

async function restRun(server: Server, scenario: Scenario): Promise<RunResult> {
  const run = (arrivals = new Arrivals());
  const responses: number[] = [];
  let failed = 0;
  const start = performance.now();
  let lastAnswerAt = start;
  await closedLoop(scenario.callers, scenario.requests, async (_, caller) => {
    const index = newIndex();
    run.sent(index);
    const sentAt = performance.now();
    try {
      await sendNotification(server, scenario.oneRecipient ? 0 : caller, index);
      responses.push(performance.now() - sentAt);
    } catch (error) {
      run.cancel(index);
      if (failed++ < 3) console.error(`[bench] ${server.kind}, ${scenario.name}: call failed: ${shortError(error)}`);
    }
    lastAnswerAt = performance.now();
  });
  await run.settle();
  return {
    notificationsPerSecond: responses.length / ((lastAnswerAt - start) / 1000),
    deliveredPerSecond: run.count / ((run.lastAt - start) / 1000),
    response: percentiles(responses),
    arrival: percentiles(run.latencies),
    lost: run.pending,
    failed,
  };
}

function medianRun(runs: RunResult[]): RunResult {
  return {
    notificationsPerSecond: median(runs.map((r) => r.notificationsPerSecond)),
    deliveredPerSecond: median(runs.map((r) => r.deliveredPerSecond)),
    response: medianPercentiles(runs.map((r) => r.response)),
    arrival: medianPercentiles(runs.map((r) => r.arrival)),
    lost: runs.reduce((s, r) => s + r.lost, 0),
    failed: runs.reduce((s, r) => s + r.failed, 0),
  };
}

async function main() {
  const kinds = databaseKinds();
  const log = (message: string) => console.log(`[bench] ${message}`);
  // The start command builds only when there is no build: remove it so the
  // code measured is the code as it is now.
  if (!process.env.BENCH_REUSE_BUILD) rmSync(path.join(root, DIST_DIR), { recursive: true, force: true });

  const servers: Server[] = [];
  const tabs: { close(): void }[] = [];
  const stopAll = async () => {
    tabs.splice(0).forEach((t) => t.close());
    for (const server of servers.splice(0).reverse()) await server.stop().catch((e: unknown) => console.error(e));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));
  try {
    // One after the other: the first start builds, the next reuse its build.
    for (const kind of kinds) {
      log(`starting the server on the ${kind} database`);
      servers.push(await startServer(kind));
    }
    for (const server of servers) {
      for (const recipient of server.recipients) {
        tabs.push(await pusherJsClient(server.soketiPort, CREDENTIALS, channels.user(recipient.id), arrival));
      }
      // Warm-up: the first requests load the route's code and fill the pools.
      await restRun(server, { name: "warm-up", callers: 8, oneRecipient: false, requests: WARM_UP });
      log(`${server.kind}: ${server.recipients.length} pusher-js clients subscribed, ${WARM_UP} calls of warm-up made`);
    }

    const machine = watchMachine();
    const runs = new Map<string, RunResult[]>();
    const key = (server: Server, scenario: Scenario) => `${server.kind}/${scenario.name}`;
    for (let r = 0; r < RUNS; r++) {
      for (const scenario of SCENARIOS) {
        for (const server of servers) {
          const result = await restRun(server, scenario);
          runs.set(key(server, scenario), [...(runs.get(key(server, scenario)) ?? []), result]);
          log(
            `run ${r + 1}/${RUNS}, ${server.kind}, ${scenario.name}: ${Math.round(result.notificationsPerSecond)} notifications/s, ` +
              `response p95 ${result.response.p95.toFixed(1)} ms, to pusher-js p95 ${result.arrival.p95.toFixed(1)} ms` +
              `${result.lost ? `, LOST ${result.lost}` : ""}${result.failed ? `, ${result.failed} calls failed` : ""}`,
          );
        }
      }
    }
    const results = Object.fromEntries(
      servers.map((server) => [server.kind, Object.fromEntries(SCENARIOS.map((s) => [s.name, medianRun(runs.get(key(server, s))!)]))]),
    ) as Record<DatabaseKind, Record<string, RunResult>>;
    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      settings: { databases: kinds, runs: RUNS, requests: Object.fromEntries(SCENARIOS.map((s) => [s.name, s.requests])), recipients: RECIPIENTS },
      results,
    };
    const file = writeResult(root, "rest-", result);
    console.log(`\n${table(kinds, results)}\n\n${describeMachine(result.machine)}\nJSON: ${file}`);
  } finally {
    await stopAll();
  }
  process.exit(0);
}

function table(kinds: DatabaseKind[], results: Record<DatabaseKind, Record<string, RunResult>>): string {
  const rate = (n: number) => Math.round(n).toLocaleString("en");
  const ms = (p: Percentiles) => `${p.p50.toFixed(1)} / ${p.p95.toFixed(1)}`;
  const rows = [
    `| Scenario (median of ${RUNS} runs) | database | notifications/s | delivered/s | response p50 / p95 ms | REST call → pusher-js p50 / p95 ms | failed, lost |`,
    "|---|---|---|---|---|---|---|",
  ];
  for (const scenario of SCENARIOS) {
    for (const kind of kinds) {
      const r = results[kind][scenario.name]!;
      rows.push(
        `| ${scenario.name} | ${kind} | ${rate(r.notificationsPerSecond)} | ${rate(r.deliveredPerSecond)} | ${ms(r.response)} | ${ms(r.arrival)} | ${r.failed}, ${r.lost} |`,
      );
    }
  }

  const both = kinds.length === 2;
  const targets = [
    `| Target | ${kinds.join(" | ")} |${both ? " embedded/postgres |" : ""}`,
    `|---|${kinds.map(() => "---|").join("")}${both ? "---|" : ""}`,
  ];
  const met = (value: number, target: Target) => ("atLeast" in target ? value >= target.atLeast : value <= target.atMost);
  const measures = [
    ["notificationsPerSecond", "notifications/s ≥", "", (r: RunResult) => r.notificationsPerSecond, rate],
    ["responseP95", "response p95 ≤", " ms", (r: RunResult) => r.response.p95, (n: number) => `${n.toFixed(1)} ms`],
    ["arrivalP95", "REST call → pusher-js p95 ≤", " ms", (r: RunResult) => r.arrival.p95, (n: number) => `${n.toFixed(1)} ms`],
  ] as const;
  for (const scenario of SCENARIOS) {
    for (const [measure, what, unit, value, show] of measures) {
      const target = scenario.targets?.[measure];
      if (!target) continue;
      const values = kinds.map((kind) => value(results[kind][scenario.name]!));
      const cells = values.map((v) => `${show(v)} ${met(v, target) ? "✓" : "✗"}`);
      // Throughput: embedded does x× what postgres does (target ≥ 0.8×); times: embedded takes x× as long.
      const ratio = both ? ` ${(values[1]! / values[0]!).toFixed(2)}× |` : "";
      const bound = "atLeast" in target ? target.atLeast : target.atMost;
      targets.push(`| ${scenario.name}: ${what} ${bound}${unit} | ${cells.join(" | ")} |${ratio}`);
    }
  }
  return `${rows.join("\n")}\n\n${targets.join("\n")}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
