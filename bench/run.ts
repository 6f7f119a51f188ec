// `npm run bench`: delivery latency, fan-out throughput, memory per
// connection and API throughput of this design (tRPC → PostgreSQL + outbox →
// publisher → Soketi → client), beside reference runs in the same process:
//   (a) Soketi's HTTP API straight, no app: the floor for this design;
//   (b) a plain Socket.IO server emitting on an HTTP request;
//   (c) the naive Node path: insert with `pg`, then emit through Socket.IO;
//   (d) the same insert, then publish through Soketi's HTTP API: the least an
//       app that persists and then broadcasts through Soketi does.
// To keep the comparison fair, the references send payloads padded to the size
// of our event envelope (measured on the wire first, printed), and the runs
// are interleaved (ours, a, b, c, ours, ...) so the machine's drift falls on
// all of them. Servers run pinned to core 0 and this load generator to core 1
// (taskset, where available). Each figure is the median of BENCH_RUNS runs.
// Prints a table with the machine's load and writes JSON to bench/results/.
// docs/benchmarks.md.
// Settings: DATABASE_URL (a PostgreSQL server; a fresh database is made on it),
// BENCH_SIZES (connected clients, 1,100,1000), BENCH_EVENTS (events per latency
// run, 700), BENCH_RUNS (3), BENCH_CONCURRENCY (latency events in flight, one
// row each, 1,4), BENCH_FANOUT_EVENTS (events to the 1-channel fan-out, 100),
// BENCH_PROFILE=1 (the app's process writes a `node --cpu-prof` profile to
// bench/results/ when it exits).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import Pusher from "pusher";
import { migrateDeploy } from "../scripts/lib/migrate";
import { freePort } from "../scripts/lib/ports";
import { startSoketi, waitForHttp } from "../scripts/lib/soketi";
import { LightPusherClient, PayloadProbe, pusherJsClient, socketIoClient, type Credentials } from "./clients";
import { dropDatabase, freshDatabase } from "./database";
import { padded } from "./payload";
import {
  Arrivals,
  closedLoop,
  describeMachine,
  median,
  medianLatency,
  newIndex,
  percentiles,
  shortError,
  sleep,
  watchMachine,
  writeResult,
  type Latency,
  type Machine,
} from "./stats";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const list = (name: string, fallback: string) => (process.env[name] || fallback).split(",").map(Number);
const SIZES = list("BENCH_SIZES", "1,100,1000");
const EVENTS = num("BENCH_EVENTS", 700);
const RUNS = num("BENCH_RUNS", 3);
// Latency runs keep this many events in flight (a closed loop): an open loop
// at a fixed rate above a busy machine's capacity measures only its queue.
// With 1 client, 4 in flight are 4 writes queued on one channel's row lock;
// 1 in flight is the latency of a notification on its own. An event is in
// flight until its call has answered and it has arrived: ours answers once
// the change is committed, before the event goes out (the outbox), where the
// references answer after sending it, so a loop on answers alone started
// ours' next call while its last event was still on its way.
const CONCURRENCIES = list("BENCH_CONCURRENCY", "1,4");
// A throughput, so long enough to be one: 20 events to 1,000 subscribers
// lasted about 0.2 s, of which the first delivery (a post goes through the
// app first) was 5-10% and Soketi's CPU, read in 10 ms ticks, varied by half.
const FANOUT_EVENTS = num("BENCH_FANOUT_EVENTS", 100);
// Calls each system serves before anything is measured. The app runs
// thousands of functions that V8 optimises only once they have run a while;
// after the 50 calls this used to be, ours' first latency row measured that
// (p95 11.6 ms at 1 client, where the same row with pusher-js, run later in
// the same process, measured 6.3 ms), not the steady state a server lives in.
const WARM_UP = num("BENCH_WARM_UP", 2000);
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

/** CPU time (user + system) a process has used, in ms (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time of every PostgreSQL process on this machine, in ms (the server is not ours to pin or name). */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres") total += cpuMsOf(Number(pid));
    } catch {
      // Gone since the listing.
    }
  }
  return total;
}

// ---- runs ------------------------------------------------------------------------
const SYSTEMS = ["ours", "soketi", "socketio", "naive", "naiveSoketi"] as const;
type System = (typeof SYSTEMS)[number];
type Send = (recipient: number, index: number) => Promise<unknown>;

/**
 * The systems in run r's order: each run starts with the next one, so
 * whatever the first of a round still pays after its warm-up (warmUp)
 * falls on one run of three, which the median drops.
 */
function inTurn(run: number): System[] {
  const start = run % SYSTEMS.length;
  return [...SYSTEMS.slice(start), ...SYSTEMS.slice(0, start)];
}

// The clients stay connected across runs; each run's arrivals go to its own record.
let arrivals = new Arrivals();
const arrival = (index: number) => arrivals.arrived(index);

/** EVENTS events, `concurrency` in flight, to the recipients in turn; latency from the call to the arrival. */
async function latencyRun(clients: number, concurrency: number, send: Send): Promise<Latency> {
  await warmUp(1, send);
  const run = (arrivals = new Arrivals());
  let failed = 0;
  await closedLoop(concurrency, EVENTS, async (i) => {
    const index = newIndex();
    run.sent(index);
    await send(i % clients, index).catch((error: unknown) => {
      failed++;
      run.cancel(index);
      console.error(`send failed: ${shortError(error)}`);
    });
    await run.arrival(index);
  });
  await run.settle();
  return { ...percentiles(run.latencies), events: EVENTS, lost: run.pending, failed };
}

/**
 * One event, not measured, and all its `per` arrivals before a run starts.
 * Without it the first Pusher-based run after the Socket.IO runs was slower
 * (fan-out to one channel: ours 0.63-0.74× of (a) right after them, 1.20×
 * right after (a)): what had been idle paid it, not the system measured.
 */
async function warmUp(per: number, send: Send): Promise<void> {
  const warm = (arrivals = new Arrivals());
  const index = newIndex();
  warm.sent(index);
  await send(0, index);
  await warm.settle(() => warm.count >= per);
}

type Throughput = { deliveriesPerSecond: number; callsPerSecond: number; lost: number; failed: number };

/** Sends `events` events (8 at a time), each expected `per` times; deliveries per second to the last arrival. */
async function throughputRun(events: number, per: number, send: Send): Promise<Throughput> {
  await warmUp(per, send);
  const run = (arrivals = new Arrivals());
  const start = performance.now();
  let failed = 0;
  await closedLoop(8, events, async (n) => {
    const index = newIndex();
    run.sent(index);
    await send(n, index).catch(() => {
      failed++;
      run.cancel(index);
    });
  });
  const sentAllAt = performance.now();
  const expected = (events - failed) * per;
  await run.settle(() => run.count >= expected);
  return {
    deliveriesPerSecond: run.count / ((run.lastAt - start) / 1000),
    callsPerSecond: (events - failed) / ((sentAllAt - start) / 1000),
    lost: expected - run.count,
    failed,
  };
}

// ---- servers -------------------------------------------------------------------
function startNodeServer(script: string, env: Record<string, string>, flags: string[] = []): Promise<ChildProcess> {
  // --expose-gc: the memory figures are taken after a collection, not between two.
  const child = spawn(process.execPath, ["--expose-gc", ...flags, "--import", "tsx", script], {
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

async function connectInBatches<T>(count: number, from: number, connect: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = from; i < count; i += 50) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => connect(i + j)))));
  }
  return out;
}

async function main() {
  const machine = watchMachine();
  const serverUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const databaseName = `notify_bench_${process.pid}`;
  const databaseUrl = await freshDatabase(serverUrl, databaseName);
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
    // The feed fan-out posts faster than a person may (POST_LIMIT): it measures delivery, not the limit.
    POST_LIMIT: "100000",
    PUSHER_APP_ID: CREDENTIALS.appId,
    PUSHER_KEY: CREDENTIALS.key,
    PUSHER_SECRET: CREDENTIALS.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(soketiPort),
    PUSHER_USE_TLS: "false",
  }, process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.join(root, "bench/results")}`] : []);
  pin(app.pid, 0);
  const sioPort = await freePort();
  const sio = await startNodeServer("bench/servers/socketio.ts", {
    BENCH_PORT: String(sioPort),
    BENCH_DATABASE_URL: databaseUrl,
    BENCH_SOKETI_PORT: String(soketiPort),
    BENCH_SOKETI_APP_ID: CREDENTIALS.appId,
    BENCH_SOKETI_KEY: CREDENTIALS.key,
    BENCH_SOKETI_SECRET: CREDENTIALS.secret,
  });
  pin(sio.pid, 0);
  await waitForHttp(`http://127.0.0.1:${appPort}/stats`, 10_000, "the app");
  const appUrl = `http://127.0.0.1:${appPort}`;
  const sioUrl = `http://127.0.0.1:${sioPort}`;
  // Kept-alive connections, as the app's publisher has (src/server/realtime/pusher.ts).
  const direct = new Pusher({ ...CREDENTIALS, host: "127.0.0.1", port: String(soketiPort), useTLS: false, agent: new http.Agent({ keepAlive: true, maxSockets: 8 }) });
  const channelOf = (i: number) => `private-user.${users[i]!.id}`;
  const appStats = async (collect = false) =>
    (await (await fetch(`${appUrl}/stats${collect ? "?gc" : ""}`)).json()) as { rss: number; published: number; batchSizes: number[]; notifyCalls: number; notifyStatements: number };

  const probe = await PayloadProbe.pusher(soketiPort, CREDENTIALS, [channelOf(0), "private-feed"]);
  const bytesOf = async (sendOne: () => Promise<unknown>, on = probe) => {
    const size = on.next();
    await sendOne();
    return size;
  };
  // Ours first: the references are padded to its sizes.
  const payloadBytes = {
    notification: { ours: await bytesOf(() => post(`${appUrl}/notify`, { recipientEmail: users[0]!.email, title: `b${newIndex()}` })) } as Record<System, number>,
    post: { ours: await bytesOf(() => post(`${appUrl}/post`, { title: `b${newIndex()}` })) } as Record<System, number>,
  };
  const bytes = { notification: payloadBytes.notification.ours, post: payloadBytes.post.ours };

  const send: Record<System, Send> = {
    ours: (i, index) => post(`${appUrl}/notify`, { recipientEmail: users[i]!.email, title: `b${index}` }),
    soketi: (i, index) => direct.trigger(channelOf(i), "notification.created", padded({ title: `b${index}` }, bytes.notification)),
    socketio: (i, index) => post(`${sioUrl}/emit`, { room: `u${i}`, title: `b${index}`, bytes: bytes.notification }),
    naive: (i, index) => post(`${sioUrl}/naive`, { room: `u${i}`, recipient: users[i]!.id, title: `b${index}`, bytes: bytes.notification }),
    naiveSoketi: (i, index) =>
      post(`${sioUrl}/naive-soketi`, { channel: channelOf(i), recipient: users[i]!.id, title: `b${index}`, bytes: bytes.notification }),
  };
  const sendToAll: Record<System, Send> = {
    ours: (_, index) => post(`${appUrl}/post`, { title: `b${index}` }),
    soketi: (_, index) => direct.trigger("private-feed", "post.created", padded({ title: `b${index}` }, bytes.post)),
    socketio: (_, index) => post(`${sioUrl}/emit`, { room: "feed", title: `b${index}`, bytes: bytes.post }),
    naive: (_, index) => post(`${sioUrl}/naive`, { room: "feed", recipient: "feed", title: `b${index}`, bytes: bytes.post }),
    naiveSoketi: (_, index) => post(`${sioUrl}/naive-soketi`, { channel: "private-feed", recipient: "feed", title: `b${index}`, bytes: bytes.post }),
  };
  const log = (message: string) => console.log(`[bench] ${message}`);

  // --- what each reference really sends ---
  payloadBytes.notification.soketi = await bytesOf(() => send.soketi(0, newIndex()));
  payloadBytes.post.soketi = await bytesOf(() => sendToAll.soketi(0, newIndex()));
  payloadBytes.notification.naiveSoketi = await bytesOf(() => send.naiveSoketi(0, newIndex()));
  payloadBytes.post.naiveSoketi = await bytesOf(() => sendToAll.naiveSoketi(0, newIndex()));
  probe.close();
  const sioProbe = await PayloadProbe.socketIo(sioPort, ["u0", "feed"]);
  for (const system of ["socketio", "naive"] as const) {
    payloadBytes.notification[system] = await bytesOf(() => send[system](0, newIndex()), sioProbe);
    payloadBytes.post[system] = await bytesOf(() => sendToAll[system](0, newIndex()), sioProbe);
  }
  sioProbe.close();
  const sizes = (which: Record<System, number>) => SYSTEMS.map((s) => `${s} ${which[s]}`).join(", ");
  log(`payload bytes (JSON), notification: ${sizes(payloadBytes.notification)}; feed post: ${sizes(payloadBytes.post)}`);

  // --- memory per idle connection ---
  await sleep(1_000);
  const memory: Record<string, number> = {};
  const soketiIdle = rssOf(soketi.child.pid!);
  const appIdle = (await appStats(true)).rss;
  const idle = await connectInBatches(MAX_CLIENTS, 0, (i) => LightPusherClient.connect(soketiPort, CREDENTIALS, [channelOf(i)], arrival));
  await sleep(1_000);
  const soketiConnected = rssOf(soketi.child.pid!);
  // The app holds no client connection (browsers connect to Soketi): ~0 by design.
  memory.appPer1000 = (((await appStats(true)).rss - appIdle) * 1000) / MAX_CLIENTS;
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

  // --- warm-up: each system serves WARM_UP notifications 8 at a time, as
  // many again one at a time, and a tenth as many posts 8 at a time, before
  // the timed runs (after the memory figures: the full collection they start
  // in each server would undo it) ---
  for (const system of SYSTEMS) {
    await closedLoop(8, WARM_UP, async (n) => void (await send[system](n % MAX_CLIENTS, newIndex())));
    // One at a time as well. At 8 in flight the app writes several
    // notifications per statement, so what builds and sends one statement
    // ran a quarter as often, and V8 optimised much of it only during the
    // first latency row (`--trace-opt`: 140, 116 and 52 functions in that
    // row's three runs of ours, 38, 18 and 6 in the next row's).
    await closedLoop(1, WARM_UP, async (n) => void (await send[system](n % MAX_CLIENTS, newIndex())));
    await closedLoop(8, WARM_UP / 10, async () => void (await sendToAll[system](0, newIndex())));
  }
  // The warm-up leaves dead rows (outbox marks, the references' inserts):
  // vacuumed now, autovacuum does not start on them during the first runs.
  await sql.query("VACUUM ANALYZE");

  // --- latency: all four systems in turn within each run, clients of both kinds connected ---
  const latency: LatencyRow[] = [];
  const light: LightPusherClient[] = [];
  const sockets: { disconnect(): void }[] = [];
  const label = (system: System) => ({ ours: "ours", soketi: "(a) Soketi API", socketio: "(b) Socket.IO", naive: "(c) pg + Socket.IO", naiveSoketi: "(d) pg + Soketi API" })[system];
  for (const size of SIZES) {
    light.push(...(await connectInBatches(size, light.length, (i) => LightPusherClient.connect(soketiPort, CREDENTIALS, [channelOf(i), "private-feed"], arrival))));
    sockets.push(...(await connectInBatches(size, sockets.length, (i) => socketIoClient(sioPort, [`u${i}`, "feed"], arrival))));
    for (const concurrency of CONCURRENCIES) {
      const runs: Record<System, Latency[]> = { ours: [], soketi: [], socketio: [], naive: [], naiveSoketi: [] };
      for (let r = 0; r < RUNS; r++) for (const system of inTurn(r)) runs[system].push(await latencyRun(size, concurrency, send[system]));
      const row: LatencyRow = { clients: size, concurrency };
      for (const system of SYSTEMS) {
        const m = (row[system] = medianLatency(runs[system]));
        log(
          `${label(system)}, ${size} clients, ${concurrency} in flight: p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms` +
            `${m.lost ? `, LOST ${m.lost}` : ""}${m.failed ? `, ${m.failed} calls failed` : ""}`,
        );
      }
      latency.push(row);
    }
  }

  // --- fan-out throughput, interleaved the same way; ours' private-channel runs give the API figures ---
  const fanout = { oneChannel: {} as Record<System, number>, privateChannels: {} as Record<System, number> };
  const batches: number[] = [];
  const callsPerSecond: number[] = [];
  // Notifications per fast-path statement (group commit), over ours' private-channel runs.
  const grouped = { calls: 0, statements: 0 };
  for (const [kind, events, per, sends] of [
    ["oneChannel", FANOUT_EVENTS, MAX_CLIENTS, sendToAll],
    ["privateChannels", MAX_CLIENTS, 1, send],
  ] as const) {
    const runs: Record<System, Throughput[]> = { ours: [], soketi: [], socketio: [], naive: [], naiveSoketi: [] };
    // Per event sent (a post, a notification): CPU ms of the app, Soketi, the references' server and PostgreSQL.
    const cpuPerEvent: Record<System, number[][]> = { ours: [], soketi: [], socketio: [], naive: [], naiveSoketi: [] };
    for (let r = 0; r < RUNS; r++) {
      for (const system of inTurn(r)) {
        if (system === "ours") await appStats(); // resets the batch sizes
        const before = [cpuMsOf(app.pid!), cpuMsOf(soketi.child.pid!), cpuMsOf(sio.pid!), postgresCpuMs()];
        const result = await throughputRun(events, per, sends[system]);
        const used = [cpuMsOf(app.pid!), cpuMsOf(soketi.child.pid!), cpuMsOf(sio.pid!), postgresCpuMs()].map((after, i) => after - before[i]!);
        cpuPerEvent[system].push(used.map((ms) => ms / events));
        runs[system].push(result);
        if (system === "ours" && kind === "privateChannels") {
          const stats = await appStats();
          batches.push(...stats.batchSizes);
          grouped.calls += stats.notifyCalls;
          grouped.statements += stats.notifyStatements;
          callsPerSecond.push(result.callsPerSecond);
        }
      }
    }
    for (const system of SYSTEMS) {
      const parts = ["app", "Soketi", "references' server", "PostgreSQL"].map((name, i) => `${name} ${median(cpuPerEvent[system].map((run) => run[i]!)).toFixed(2)}`);
      log(`${label(system)}, CPU ms per ${kind === "oneChannel" ? "post to 1 channel" : "notification"} (medians): ${parts.join(", ")}`);
    }
    for (const system of SYSTEMS) {
      fanout[kind][system] = median(runs[system].map((r) => r.deliveriesPerSecond));
      const lost = runs[system].reduce((s, r) => s + r.lost, 0);
      const failed = runs[system].reduce((s, r) => s + r.failed, 0);
      const shape = kind === "oneChannel" ? `1 channel × ${MAX_CLIENTS}` : `${MAX_CLIENTS} channels × 1`;
      log(`${label(system)}, ${shape}: ${Math.round(fanout[kind][system])} deliveries/s${lost ? `, LOST ${lost}` : ""}${failed ? `, ${failed} calls failed` : ""}`);
    }
  }
  const api = {
    notificationsPerSecond: median(callsPerSecond),
    publishedPerSecond: fanout.privateChannels.ours,
    batchSizes: batches.reduce<Record<number, number>>((acc, n) => ({ ...acc, [n]: (acc[n] ?? 0) + 1 }), {}),
    meanBatch: batches.reduce((s, n) => s + n, 0) / Math.max(1, batches.length),
    notificationsPerStatement: grouped.calls / Math.max(1, grouped.statements),
  };
  light.forEach((c) => c.close());
  sockets.forEach((s) => s.disconnect());

  // --- ours with pusher-js, as a browser has it (one run per row: it cannot share the channels with the light clients) ---
  const tabs: { close(): void }[] = [];
  for (const size of SIZES) {
    tabs.push(...(await connectInBatches(size, tabs.length, (i) => pusherJsClient(soketiPort, CREDENTIALS, channelOf(i), arrival))));
    for (const concurrency of CONCURRENCIES) {
      const result = await latencyRun(size, concurrency, send.ours);
      latency.find((row) => row.clients === size && row.concurrency === concurrency)!.pusherJs = result;
      log(`ours with pusher-js, ${size} clients, ${concurrency} in flight: p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`);
    }
  }
  tabs.forEach((t) => t.close());

  // --- report ---
  const result = {
    date: new Date().toISOString(),
    machine: { ...machine(), pinned: PINNED },
    settings: { sizes: SIZES, eventsPerRun: EVENTS, runs: RUNS, concurrency: CONCURRENCIES, fanoutEvents: FANOUT_EVENTS },
    payloadBytes,
    latency,
    fanout,
    memory,
    api,
  };
  const file = writeResult(root, "", result);
  console.log(`\n${table(result)}\nJSON: ${file}`);

  await sql.end();
  for (const child of [app, sio]) child.kill("SIGTERM");
  await soketi.stop();
  await sleep(500); // the servers close their pools
  await dropDatabase(serverUrl, databaseName);
  process.exit(0);
}

type LatencyRow = { clients: number; concurrency: number } & Partial<Record<System | "pusherJs", Latency>>;

function table(r: {
  machine: Machine;
  payloadBytes: Record<"notification" | "post", Record<System, number>>;
  latency: LatencyRow[];
  fanout: Record<"oneChannel" | "privateChannels", Record<System, number>>;
  memory: Record<string, number>;
  api: { notificationsPerSecond: number; publishedPerSecond: number; meanBatch: number; batchSizes: Record<number, number>; notificationsPerStatement: number };
}): string {
  const ms = (l?: Latency) => (l ? `${l.p95.toFixed(1)} (${l.p99.toFixed(1)})` : "-");
  const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : "-");
  // (d)/(c): what the second hop (through Soketi) costs the least app that takes it.
  const ratios = (of: (system: System) => number | undefined) =>
    `${ratio(of("ours"), of("soketi"))} | ${ratio(of("ours"), of("socketio"))} | ${ratio(of("ours"), of("naive"))} | ` +
    `${ratio(of("ours"), of("naiveSoketi"))} | ${ratio(of("naiveSoketi"), of("naive"))}`;
  const rows = [
    "| Measure | ours | ours, pusher-js | (a) Soketi API | (b) Socket.IO | (c) pg + Socket.IO | (d) pg + Soketi API | ours/(a) | ours/(b) | ours/(c) | ours/(d) | (d)/(c) |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const bytes = (s: System) => `${r.payloadBytes.notification[s]} / ${r.payloadBytes.post[s]}`;
  rows.push(`| payload bytes (JSON), notification / feed post | ${bytes("ours")} | ${bytes("ours")} | ${bytes("soketi")} | ${bytes("socketio")} | ${bytes("naive")} | ${bytes("naiveSoketi")} | | | | | |`);
  for (const l of r.latency) {
    rows.push(
      `| latency p95 (p99) ms, ${l.clients} clients, ${l.concurrency} in flight | ${ms(l.ours)} | ${ms(l.pusherJs)} | ${ms(l.soketi)} | ${ms(l.socketio)} | ${ms(l.naive)} | ${ms(l.naiveSoketi)} | ` +
        `${ratios((s) => l[s]?.p95)} |`,
    );
  }
  const per = (n?: number) => (n ? Math.round(n).toLocaleString("en") : "-");
  for (const [name, f] of [
    [`fan-out, 1 channel × ${MAX_CLIENTS} subscribers (deliveries/s)`, r.fanout.oneChannel],
    [`fan-out, ${MAX_CLIENTS} private channels × 1 (deliveries/s)`, r.fanout.privateChannels],
  ] as const) {
    rows.push(`| ${name} | ${per(f.ours)} | | ${per(f.soketi)} | ${per(f.socketio)} | ${per(f.naive)} | ${per(f.naiveSoketi)} | ${ratios((s) => f[s])} |`);
  }
  const mb = (n?: number) => (n === undefined ? "-" : `${(n / 2 ** 20).toFixed(1)} MB`);
  rows.push(
    `| memory per 1,000 idle connections | Soketi ${mb(r.memory.soketiPer1000)} + app ${mb(r.memory.appPer1000)} | | ${mb(r.memory.soketiPer1000)} | ${mb(r.memory.socketioPer1000)} | ${mb(r.memory.socketioPer1000)} | ${mb(r.memory.soketiPer1000)} | | | | | |`,
  );
  const histogram = Object.entries(r.api.batchSizes).map(([size, count]) => `${count}×${size}`).join(", ");
  return (
    `${rows.join("\n")}\n\n` +
    `API throughput: ${per(r.api.notificationsPerSecond)} notifications/s created through tRPC (8 concurrent callers), ` +
    `${per(r.api.publishedPerSecond)}/s delivered; ${r.api.notificationsPerStatement.toFixed(1)} notifications per statement; ` +
    `publisher batches (events per Pusher request): mean ${r.api.meanBatch.toFixed(1)} [${histogram}]\n` +
    describeMachine(r.machine)
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
