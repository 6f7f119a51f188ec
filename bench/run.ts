// `npm run bench`: delivery latency, fan-out throughput, memory per
// connection and API throughput of this design (tRPC → PostgreSQL + outbox →
// publisher → Soketi → client), beside reference runs in the same process:
//   (a) Soketi's HTTP API straight, no app: the floor for this design;
//   (b) a plain Socket.IO server emitting on an HTTP request;
//   (c) the naive Node path: insert with `pg`, then emit through Socket.IO.
// Servers run pinned to core 0 and this load generator to core 1 (taskset,
// where available). Each figure is the median of BENCH_RUNS runs. Prints a
// table and writes JSON to bench/results/. README, "Benchmarks".
// Settings: DATABASE_URL (a PostgreSQL server; a fresh database is made on it),
// BENCH_SIZES (1,100,1000), BENCH_EVENTS (events per latency run, 700),
// BENCH_RUNS (3), BENCH_CONCURRENCY (latency events in flight, 4).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import Pusher from "pusher";
import { migrateDeploy } from "../scripts/lib/migrate";
import { freePort } from "../scripts/lib/ports";
import { startSoketi, waitForHttp } from "../scripts/lib/soketi";
import { LightPusherClient, pusherJsClient, socketIoClient, type Credentials } from "./clients";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const SIZES = (process.env.BENCH_SIZES || "1,100,1000").split(",").map(Number);
const EVENTS = num("BENCH_EVENTS", 700);
const RUNS = num("BENCH_RUNS", 3);
// Latency runs keep this many events in flight (a closed loop): an open loop
// at a fixed rate above a busy machine's capacity measures only its queue.
const CONCURRENCY = num("BENCH_CONCURRENCY", 4);
const FANOUT_EVENTS = num("BENCH_FANOUT_EVENTS", 20);
const MAX_CLIENTS = Math.max(...SIZES);
const CREDENTIALS: Credentials & { appId: string } = { appId: "bench", key: "bench-key", secret: "bench-secret" };

function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return os.cpus().length >= 2;
  } catch {
    return false;
  }
}
const PINNED = hasTaskset();

/** Moves a process (all its threads) to one core. */
function pin(pid: number | undefined, core: number): void {
  if (PINNED && pid) execFileSync("taskset", ["-a", "-cp", String(core), String(pid)], { stdio: "ignore" });
}

function rssOf(pid: number): number {
  const status = execFileSync("cat", [`/proc/${pid}/status`]).toString();
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

// ---- statistics --------------------------------------------------------------
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
/** `failed`: calls answered with an error (nothing committed, nothing to deliver); `lost`: committed but never arrived. */
type Latency = { p50: number; p95: number; p99: number; events: number; lost: number; failed: number };
const medianLatency = (runs: Latency[]): Latency => ({
  p50: median(runs.map((r) => r.p50)),
  p95: median(runs.map((r) => r.p95)),
  p99: median(runs.map((r) => r.p99)),
  events: runs.reduce((s, r) => s + r.events, 0),
  lost: runs.reduce((s, r) => s + r.lost, 0),
  failed: runs.reduce((s, r) => s + r.failed, 0),
});

// ---- arrivals ------------------------------------------------------------------
// Every event carries a unique index; clients report arrivals here.
let nextIndex = 1;
let onArrival: (index: number) => void = () => {};
const arrival = (index: number) => onArrival(index);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `done()` or until nothing new arrived for `quietMs`. */
async function settle(done: () => boolean, progress: () => number, quietMs = 5_000): Promise<void> {
  let last = progress();
  let lastChange = performance.now();
  while (!done()) {
    await sleep(10);
    const now = progress();
    if (now !== last) [last, lastChange] = [now, performance.now()];
    else if (performance.now() - lastChange > quietMs) return;
  }
}

/** EVENTS events, CONCURRENCY in flight, to the recipients in turn; latency from the call to the arrival. */
async function latencyRun(clients: number, send: (recipient: number, index: number) => Promise<unknown>): Promise<Latency> {
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  onArrival = (index) => {
    const at = sentAt.get(index);
    if (at !== undefined) {
      latencies.push(performance.now() - at);
      sentAt.delete(index);
    }
  };
  let next = 0;
  let failed = 0;
  const caller = async () => {
    while (next < EVENTS) {
      const i = next++;
      const index = nextIndex++;
      sentAt.set(index, performance.now());
      await send(i % clients, index).catch((error: unknown) => {
        failed++;
        sentAt.delete(index);
        console.error(`send failed: ${String(error).split("\n").filter(Boolean).at(-1)}`);
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  await settle(() => sentAt.size === 0, () => latencies.length);
  const sorted = latencies.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), events: EVENTS, lost: sentAt.size, failed };
}

/** Sends `events` events (8 at a time), each expected `per` times; deliveries per second to the last arrival. */
async function throughputRun(events: number, per: number, send: (n: number, index: number) => Promise<unknown>) {
  let delivered = 0;
  onArrival = () => void delivered++;
  const start = performance.now();
  let next = 0;
  let sentAllAt = start;
  let failed = 0;
  const worker = async () => {
    while (next < events) {
      const n = next++;
      await send(n, nextIndex++).catch(() => void failed++);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  sentAllAt = performance.now();
  let lastAt = performance.now();
  const expected = () => (events - failed) * per;
  await settle(
    () => delivered >= expected(),
    () => {
      lastAt = performance.now();
      return delivered;
    },
  );
  if (delivered >= expected()) lastAt = performance.now();
  const seconds = (lastAt - start) / 1000;
  return { deliveriesPerSecond: delivered / seconds, callsPerSecond: (events - failed) / ((sentAllAt - start) / 1000), lost: expected() - delivered, failed };
}

// ---- servers -------------------------------------------------------------------
function startNodeServer(script: string, env: Record<string, string>): Promise<ChildProcess> {
  // --expose-gc: the memory figures are taken after a collection, not between two.
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve(child);
    });
  });
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", body: JSON.stringify(body) }).then(async (res) => {
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  });

async function freshDatabase(serverUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS notify_bench WITH (FORCE)`);
  await admin.query(`CREATE DATABASE notify_bench`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = "/notify_bench";
  return url.toString();
}

async function connectInBatches<T>(count: number, from: number, connect: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = from; i < count; i += 50) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => connect(i + j)))));
  }
  return out;
}

async function main() {
  const serverUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const databaseUrl = await freshDatabase(serverUrl);
  await migrateDeploy(databaseUrl, { quiet: true });
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const users = Array.from({ length: MAX_CLIENTS }, (_, i) => ({ id: `benchuser${i}`, email: `bench${i}@bench.example` }));
  const adminUser = { id: "benchadmin", email: "admin@bench.example", name: "Bench admin", role: "ADMIN" as const };
  await sql.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::"Role"[], $6::timestamptz[])`,
    [
      [adminUser.id, ...users.map((u) => u.id)],
      [adminUser.email, ...users.map((u) => u.email)],
      [adminUser.name, ...users.map((u) => u.id)],
      [adminUser, ...users].map(() => "x"),
      ["ADMIN", ...users.map(() => "USER")],
      [adminUser, ...users].map(() => new Date()),
    ],
  );

  const soketiPort = await freePort();
  const soketi = await startSoketi({ port: soketiPort, metricsPort: await freePort(), ...CREDENTIALS });
  pin(soketi.child.pid, 0);
  const appPort = await freePort();
  const app = await startNodeServer("bench/servers/app.ts", {
    BENCH_PORT: String(appPort),
    BENCH_ADMIN: JSON.stringify(adminUser),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "10",
    NODE_ENV: "production",
    NEXTAUTH_URL: "http://localhost:3999",
    NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-00",
    PUSHER_APP_ID: CREDENTIALS.appId,
    PUSHER_KEY: CREDENTIALS.key,
    PUSHER_SECRET: CREDENTIALS.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(soketiPort),
    PUSHER_USE_TLS: "false",
  });
  pin(app.pid, 0);
  const sioPort = await freePort();
  const sio = await startNodeServer("bench/servers/socketio.ts", { BENCH_PORT: String(sioPort), BENCH_DATABASE_URL: databaseUrl });
  pin(sio.pid, 0);
  await waitForHttp(`http://127.0.0.1:${appPort}/stats`, 10_000, "the app");
  const appUrl = `http://127.0.0.1:${appPort}`;
  const sioUrl = `http://127.0.0.1:${sioPort}`;
  const direct = new Pusher({ ...CREDENTIALS, host: "127.0.0.1", port: String(soketiPort), useTLS: false });
  const channelOf = (i: number) => `private-user.${users[i]!.id}`;
  const appStats = async () => (await (await fetch(`${appUrl}/stats`)).json()) as { rss: number; published: number; batchSizes: number[] };

  const send = {
    ours: (i: number, index: number) => post(`${appUrl}/notify`, { recipientEmail: users[i]!.email, title: `b${index}` }),
    soketi: (i: number, index: number) =>
      direct.trigger(channelOf(i), "notification.created", { title: `b${index}`, body: "benchmark" }),
    socketio: (i: number, index: number) => post(`${sioUrl}/emit`, { room: `u${i}`, title: `b${index}` }),
    naive: (i: number, index: number) => post(`${sioUrl}/naive`, { room: `u${i}`, recipient: users[i]!.id, title: `b${index}` }),
  };
  const sendToAll = {
    ours: (_: number, index: number) => post(`${appUrl}/post`, { title: `b${index}` }),
    soketi: (_: number, index: number) => direct.trigger("private-feed", "post.created", { title: `b${index}`, body: "benchmark" }),
    socketio: (_: number, index: number) => post(`${sioUrl}/emit`, { room: "feed", title: `b${index}` }),
    naive: (_: number, index: number) => post(`${sioUrl}/naive`, { room: "feed", recipient: "feed", title: `b${index}` }),
  };
  type System = keyof typeof send;
  const latency: Record<string, Partial<Record<System | "pusherJs", Latency>>> = {};
  const fanout: Record<string, Partial<Record<System, number>>> = { oneChannel: {}, privateChannels: {} };
  const memory: Record<string, number> = {};
  let api = { notificationsPerSecond: 0, publishedPerSecond: 0, batchSizes: {} as Record<number, number>, meanBatch: 0 };
  const log = (message: string) => console.log(`[bench] ${message}`);
  const runs = async (what: string, fn: () => Promise<Latency>) => {
    const results: Latency[] = [];
    for (let r = 0; r < RUNS; r++) results.push(await fn());
    const m = medianLatency(results);
    log(`${what}: p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms${m.lost ? `, LOST ${m.lost}` : ""}${m.failed ? `, ${m.failed} calls failed` : ""}`);
    return m;
  };
  const throughputRuns = async (what: string, events: number, per: number, fn: (n: number, index: number) => Promise<unknown>) => {
    const results = [];
    for (let r = 0; r < RUNS; r++) results.push(await throughputRun(events, per, fn));
    const m = median(results.map((r) => r.deliveriesPerSecond));
    const lost = results.reduce((s, r) => s + r.lost, 0);
    const failed = results.reduce((s, r) => s + r.failed, 0);
    log(`${what}: ${Math.round(m)} deliveries/s${lost ? `, LOST ${lost}` : ""}${failed ? `, ${failed} calls failed` : ""}`);
    return { deliveriesPerSecond: m, callsPerSecond: median(results.map((r) => r.callsPerSecond)) };
  };

  // --- warm-up (JIT, pools), then memory per idle connection ---
  for (let i = 0; i < 50; i++) await Promise.all([send.ours(i % MAX_CLIENTS, nextIndex++), send.soketi(0, nextIndex++), send.naive(0, nextIndex++)]);
  await sleep(1_000);
  const soketiIdle = rssOf(soketi.child.pid!);
  const appIdle = (await appStats()).rss;
  const idle = await connectInBatches(MAX_CLIENTS, 0, (i) => LightPusherClient.connect(soketiPort, CREDENTIALS, [channelOf(i)], arrival));
  await sleep(1_000);
  const soketiConnected = rssOf(soketi.child.pid!);
  // The app holds no client connection (browsers connect to Soketi): ~0 by design.
  memory.appPer1000 = (((await appStats()).rss - appIdle) * 1000) / MAX_CLIENTS;
  idle.forEach((c) => c.close());
  // Soketi's heap moves by more than the connections cost: the larger of the
  // growth on connecting and the shrinking on disconnecting.
  await sleep(2_000);
  const soketiAfter = rssOf(soketi.child.pid!);
  memory.soketiPer1000 = (Math.max(soketiConnected - soketiIdle, soketiConnected - soketiAfter) * 1000) / MAX_CLIENTS;
  const sioStats = async () => ((await (await fetch(`${sioUrl}/stats`)).json()) as { rss: number }).rss;
  const sioIdle = await sioStats();
  const idleSockets = await connectInBatches(MAX_CLIENTS, 0, (i) => socketIoClient(sioPort, [`u${i}`], arrival));
  await sleep(1_000);
  memory.socketioPer1000 = (((await sioStats()) - sioIdle) * 1000) / MAX_CLIENTS;
  idleSockets.forEach((s) => s.disconnect());
  log(`memory per 1,000 idle connections: Soketi ${(memory.soketiPer1000 / 2 ** 20).toFixed(1)} MB, Socket.IO ${(memory.socketioPer1000 / 2 ** 20).toFixed(1)} MB`);

  // --- this design, and (a), with light clients on Soketi ---
  let light: LightPusherClient[] = [];
  for (const size of SIZES) {
    light = light.concat(
      await connectInBatches(size, light.length, (i) => LightPusherClient.connect(soketiPort, CREDENTIALS, [channelOf(i), "private-feed"], arrival)),
    );
    latency[size] ??= {};
    latency[size].ours = await runs(`ours, ${size} clients`, () => latencyRun(size, send.ours));
    latency[size].soketi = await runs(`(a) Soketi API, ${size} clients`, () => latencyRun(size, send.soketi));
  }
  fanout.oneChannel!.ours = (await throughputRuns(`ours, 1 channel × ${MAX_CLIENTS}`, FANOUT_EVENTS, MAX_CLIENTS, sendToAll.ours)).deliveriesPerSecond;
  fanout.oneChannel!.soketi = (await throughputRuns(`(a), 1 channel × ${MAX_CLIENTS}`, FANOUT_EVENTS, MAX_CLIENTS, sendToAll.soketi)).deliveriesPerSecond;
  await appStats(); // resets the batch sizes
  const ours = await throughputRuns(`ours, ${MAX_CLIENTS} channels × 1`, MAX_CLIENTS, 1, send.ours);
  fanout.privateChannels!.ours = ours.deliveriesPerSecond;
  const batches = (await appStats()).batchSizes;
  api = {
    notificationsPerSecond: ours.callsPerSecond,
    publishedPerSecond: ours.deliveriesPerSecond,
    batchSizes: batches.reduce<Record<number, number>>((acc, n) => ({ ...acc, [n]: (acc[n] ?? 0) + 1 }), {}),
    meanBatch: batches.reduce((s, n) => s + n, 0) / Math.max(1, batches.length),
  };
  fanout.privateChannels!.soketi = (await throughputRuns(`(a), ${MAX_CLIENTS} channels × 1`, MAX_CLIENTS, 1, send.soketi)).deliveriesPerSecond;
  light.forEach((c) => c.close());

  // --- pusher-js, as a browser has it (one run per size) ---
  let tabs: { close(): void }[] = [];
  for (const size of SIZES) {
    tabs = tabs.concat(await connectInBatches(size, tabs.length, (i) => pusherJsClient(soketiPort, CREDENTIALS, channelOf(i), arrival)));
    const result = await latencyRun(size, send.ours);
    latency[size]!.pusherJs = result;
    log(`ours with pusher-js, ${size} clients: p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`);
  }
  tabs.forEach((t) => t.close());

  // --- (b) and (c), with socket.io-client ---
  let sockets: { disconnect(): void }[] = [];
  for (const size of SIZES) {
    sockets = sockets.concat(await connectInBatches(size, sockets.length, (i) => socketIoClient(sioPort, [`u${i}`, "feed"], arrival)));
    latency[size]!.socketio = await runs(`(b) Socket.IO, ${size} clients`, () => latencyRun(size, send.socketio));
    latency[size]!.naive = await runs(`(c) pg + Socket.IO, ${size} clients`, () => latencyRun(size, send.naive));
  }
  for (const system of ["socketio", "naive"] as const) {
    fanout.oneChannel![system] = (await throughputRuns(`(${system}), 1 channel × ${MAX_CLIENTS}`, FANOUT_EVENTS, MAX_CLIENTS, sendToAll[system])).deliveriesPerSecond;
    fanout.privateChannels![system] = (await throughputRuns(`(${system}), ${MAX_CLIENTS} channels × 1`, MAX_CLIENTS, 1, send[system])).deliveriesPerSecond;
  }
  sockets.forEach((s) => s.disconnect());

  // --- report ---
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), pinned: PINNED, loadAverage: os.loadavg() },
    settings: { sizes: SIZES, eventsPerRun: EVENTS, runs: RUNS, concurrency: CONCURRENCY, fanoutEvents: FANOUT_EVENTS },
    latency,
    fanout,
    memory,
    api,
  };
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  const file = path.join(root, "bench", "results", `${result.date.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${table(result)}\nJSON: ${path.relative(root, file)}`);

  await sql.end();
  for (const child of [app, sio]) child.kill("SIGTERM");
  await soketi.stop();
  process.exit(0);
}

function table(r: {
  latency: Record<string, Partial<Record<string, Latency>>>;
  fanout: Record<string, Partial<Record<string, number>>>;
  memory: Record<string, number>;
  api: { notificationsPerSecond: number; publishedPerSecond: number; meanBatch: number; batchSizes: Record<number, number> };
}): string {
  const ms = (l?: Latency) => (l ? `${l.p95.toFixed(1)} (${l.p99.toFixed(1)})` : "-");
  const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : "-");
  const rows = [
    "| Measure | ours | ours, pusher-js | (a) Soketi API | (b) Socket.IO | (c) pg + Socket.IO | ours/(a) | ours/(b) | ours/(c) |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const [size, l] of Object.entries(r.latency)) {
    rows.push(
      `| latency p95 (p99) ms, ${size} clients | ${ms(l.ours)} | ${ms(l.pusherJs)} | ${ms(l.soketi)} | ${ms(l.socketio)} | ${ms(l.naive)} | ` +
        `${ratio(l.ours?.p95, l.soketi?.p95)} | ${ratio(l.ours?.p95, l.socketio?.p95)} | ${ratio(l.ours?.p95, l.naive?.p95)} |`,
    );
  }
  const per = (n?: number) => (n ? Math.round(n).toLocaleString("en") : "-");
  for (const [name, f] of [
    [`fan-out, 1 channel × ${MAX_CLIENTS} subscribers (deliveries/s)`, r.fanout.oneChannel!],
    [`fan-out, ${MAX_CLIENTS} private channels × 1 (deliveries/s)`, r.fanout.privateChannels!],
  ] as const) {
    rows.push(
      `| ${name} | ${per(f.ours)} | | ${per(f.soketi)} | ${per(f.socketio)} | ${per(f.naive)} | ` +
        `${ratio(f.ours, f.soketi)} | ${ratio(f.ours, f.socketio)} | ${ratio(f.ours, f.naive)} |`,
    );
  }
  const mb = (n?: number) => (n === undefined ? "-" : `${(n / 2 ** 20).toFixed(1)} MB`);
  rows.push(
    `| memory per 1,000 idle connections | Soketi ${mb(r.memory.soketiPer1000)} + app ${mb(r.memory.appPer1000)} | | ${mb(r.memory.soketiPer1000)} | ${mb(r.memory.socketioPer1000)} | ${mb(r.memory.socketioPer1000)} | | | |`,
  );
  const histogram = Object.entries(r.api.batchSizes).map(([size, count]) => `${count}×${size}`).join(", ");
  return (
    `${rows.join("\n")}\n\n` +
    `API throughput: ${per(r.api.notificationsPerSecond)} notifications/s created through tRPC (8 concurrent callers), ` +
    `${per(r.api.publishedPerSecond)}/s delivered; publisher batches (events per Pusher request): mean ${r.api.meanBatch.toFixed(1)} [${histogram}]`
  );
}

if (PINNED && !process.env.BENCH_PINNED) {
  // The load generator on core 1, away from the servers on core 0.
  const child = spawn("taskset", ["-c", "1", process.execPath, "--import", "tsx", fileURLToPath(import.meta.url)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_PINNED: "1" },
  });
  child.on("exit", (code) => process.exit(code ?? 1));
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
