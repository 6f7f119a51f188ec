// `npm run bench:soak`: does any process grow without end? The production
// start command (as bench:rest runs it: Next, the worker, Soketi; a fresh
// database on DATABASE_URL, else the embedded PostgreSQL) takes SOAK_MINUTES
// (10) of mixed load, as its users make it, all over 127.0.0.1:
//   notifications  20/s, REST with an admin token, each to a person whose
//                  pusher-js client counts it;
//   posts          1/s, tRPC as a signed-in person (the feed, followed by a pusher-js client);
//   room messages  4/s, tRPC, to one public room;
//   document edits 4/s, tRPC, an insert then its delete (the text stays short);
//   imports        one CSV of 2,000 rows every 30 s: a tus upload, then imports.start.
// Every SOAK_SAMPLE_SECONDS (10) it samples the resident memory (RSS) of the
// web server, the worker and Soketi (each with any process it started) and
// prints the sample; at the end, per process: first, last, peak and the
// slope of a least-squares line over the second half (MB/min), the calls
// made and failed, and the notifications delivered. The first half is
// warm-up (caches, pools, JIT); a process that leaks keeps a positive slope
// in the second. JSON goes to bench/results/soak-<date>.json. docs/benchmarks.md.
// Not part of `npm test`. Settings: SOAK_MINUTES (10), SOAK_SAMPLE_SECONDS (10),
// DATABASE_URL, BENCH_REUSE_BUILD=1 (as bench:rest: keep the build in .next-bench).
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";
import { encode } from "next-auth/jwt";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";
import { channels } from "@/lib/realtime/channel-names";
import { pusherJs, type Credentials } from "./clients";
import { seedAdminAndPeople, startProdServer, type ProdServer } from "./prod-server";
import { describeMachine, shortError, sleep, watchMachine, writeResult } from "./stats";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const MINUTES = num("SOAK_MINUTES", 10);
const SAMPLE_MS = num("SOAK_SAMPLE_SECONDS", 10) * 1000;
const SERVER_URL = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const PEOPLE = 8;
const IMPORT_ROWS = 2_000;
const CREDENTIALS: Credentials & { appId: string } = { appId: "bench-soak", key: "bench-soak-key", secret: randomBytes(24).toString("hex") };

// ---- the processes' memory ------------------------------------------------------
const ROLES = ["app", "worker", "soketi"] as const;
type Role = (typeof ROLES)[number];
type Sample = { seconds: number } & Record<Role, number>;

/** Which of the start command's children a command line is. */
function roleOf(args: string): Role | null {
  if (args.includes(path.join("scripts", "web-server.ts"))) return "app";
  if (args.includes(path.join("scripts", "worker.ts"))) return "worker";
  // Soketi renames its process (process.title) once it runs.
  if (args.startsWith("soketi-server") || args.includes(path.join("soketi", "bin", "server.js"))) return "soketi";
  return null;
}

/** RSS in MB of each role's process and its descendants, under the start command `rootPid`. */
function memory(rootPid: number): Record<Role, number> {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,rss=,args="], { encoding: "utf8" })
    .split("\n")
    .flatMap((line) => {
      const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      return m ? [{ pid: Number(m[1]), ppid: Number(m[2]), rssKb: Number(m[3]), args: m[4]! }] : [];
    });
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  const totals: Record<Role, number> = { app: 0, worker: 0, soketi: 0 };
  for (const row of rows) {
    // The nearest ancestor (or itself) that is one of the roles, below the start command.
    let role: Role | null = null;
    let under = false;
    for (let p = byPid.get(row.pid); p; p = byPid.get(p.ppid)) {
      role ??= roleOf(p.args);
      if (p.ppid === rootPid) {
        under = true;
        break;
      }
    }
    if (role && under) totals[role] += row.rssKb / 1024;
  }
  return totals;
}

/** Least-squares slope of `y` over `x`. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? NaN : sxy / sxx;
}

// ---- the people and their clients --------------------------------------------------
type Person = { id: string; email: string; trpc: TRPCClient<AppRouter>; cookie: string };

async function signedIn(server: ProdServer, person: { id: string; email: string }): Promise<Person> {
  // The cookie next-auth sets at sign-in (src/server/auth.ts): a JWT signed with the server's secret.
  const jwt = await encode({
    token: { sub: person.id, role: "USER", name: person.id, email: person.email, sv: 0 },
    secret: server.nextAuthSecret,
  });
  const cookie = `next-auth.session-token=${jwt}`;
  const trpc = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${server.baseUrl}/api/trpc`, transformer: superjson, headers: { cookie } })],
  });
  return { ...person, trpc, cookie };
}

/** A pusher-js client (signing its own subscriptions) counting the events on `channel`. */
function follow(port: number, channel: string, counts: Map<string, number>): () => void {
  const client = pusherJs(port, CREDENTIALS);
  client.subscribe(channel).bind_global((name: string, data: { data?: { notification?: { title?: string } } }) => {
    if (name.startsWith("pusher")) return;
    // The load's own notifications apart from the ones the app sends (an import's "done").
    const key = data?.data?.notification?.title?.startsWith("soak ") ? "load notification" : name;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return () => client.disconnect();
}

/** A CSV upload through the tus endpoint, as the browser's uploader makes it; returns the upload id. */
async function uploadCsv(server: ProdServer, person: Person, n: number): Promise<string> {
  const lines = ["id,amount,name"];
  for (let i = 1; i <= IMPORT_ROWS; i++) lines.push(`${i},${(i * 7) % 100},name-${i % 40}`);
  const body = Buffer.from(`${lines.join("\n")}\n`);
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const created = await fetch(`${server.baseUrl}/api/uploads`, {
    method: "POST",
    headers: {
      cookie: person.cookie,
      "tus-resumable": "1.0.0",
      "upload-length": String(body.length),
      "upload-metadata": `kind ${b64("csv")},filename ${b64(`soak-${n}.csv`)}`,
    },
  });
  const location = created.headers.get("location");
  if (created.status !== 201 || !location) throw new Error(`tus create: HTTP ${created.status} ${await created.text()}`);
  const url = new URL(location, server.baseUrl);
  const sent = await fetch(url, {
    method: "PATCH",
    headers: {
      cookie: person.cookie,
      "tus-resumable": "1.0.0",
      "upload-offset": "0",
      "content-type": "application/offset+octet-stream",
    },
    body,
  });
  if (sent.status !== 204) throw new Error(`tus patch: HTTP ${sent.status} ${await sent.text()}`);
  return url.pathname.split("/").at(-1)!;
}

// ---- the load ------------------------------------------------------------------------
type Tally = { ok: number; failed: number; errors: string[] };
const tallies = new Map<string, Tally>();

/** Runs `job` every `everyMs` until `stopped()`; a slow call delays the next one (no pile-up). */
async function every(name: string, everyMs: number, stopped: () => boolean, job: (n: number) => Promise<void>) {
  const tally: Tally = tallies.get(name) ?? { ok: 0, failed: 0, errors: [] };
  tallies.set(name, tally);
  for (let n = 0; !stopped(); n++) {
    const started = Date.now();
    try {
      await job(n);
      tally.ok++;
    } catch (error) {
      tally.failed++;
      if (tally.errors.length < 3) {
        tally.errors.push(shortError(error));
        console.error(`[soak] ${name} failed: ${shortError(error)}`);
      }
    }
    await sleep(Math.max(0, everyMs - (Date.now() - started)));
  }
}

async function main() {
  const log = (message: string) => console.log(`[soak] ${message}`);
  const kind = process.env.DATABASE_URL ? "postgres" : "embedded";
  if (!process.env.BENCH_REUSE_BUILD) rmSync(path.join(root, ".next-bench"), { recursive: true, force: true });
  log(`starting the production server (${kind} database)`);
  const server = await startProdServer({
    kind,
    root,
    distDir: ".next-bench",
    credentials: CREDENTIALS,
    serverUrl: SERVER_URL,
    databaseName: `notify_bench_soak_${process.pid}`,
    label: "server",
    // The load is steady, not abusive: limits sized for it, not for attackers.
    env: { POST_LIMIT: "1000", ROOM_MESSAGE_LIMIT: "1000", DOCUMENT_EDIT_LIMIT: "100000" },
  });
  const closers: (() => void)[] = [];
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    closers.splice(0).forEach((close) => close());
    await server.stop().catch((e: unknown) => console.error(e));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));

  try {
    const seeded = await seedAdminAndPeople(server.databaseUrl, { prefix: "soak", count: PEOPLE });
    const people = await Promise.all(seeded.people.map((p) => signedIn(server, p)));
    const [poster, roomOwner, editor, importer] = people as [Person, Person, Person, Person];
    const room = await roomOwner.trpc.rooms.create.mutate({ name: "Soak room", visibility: "PUBLIC" });
    const doc = await editor.trpc.documents.create.mutate({ title: "Soak document" });

    const delivered = new Map<string, number>();
    for (const p of people) closers.push(follow(server.soketiPort, channels.user(p.id), delivered));
    closers.push(follow(server.soketiPort, channels.feed(), delivered));
    await sleep(2_000); // the clients subscribe

    const endAt = Date.now() + MINUTES * 60_000;
    const over = () => stopping || Date.now() >= endAt;
    const rootPid = server.pid;
    const samples: Sample[] = [];
    const startedAt = Date.now();
    const machine = watchMachine();
    const sampling = (async () => {
      while (!over()) {
        const sample = { seconds: Math.round((Date.now() - startedAt) / 1000), ...memory(rootPid) };
        samples.push(sample);
        const calls = [...tallies.values()].reduce((s, t) => s + t.ok, 0);
        log(
          `${String(sample.seconds).padStart(5)} s  app ${sample.app.toFixed(1)} MB  worker ${sample.worker.toFixed(1)} MB  ` +
            `soketi ${sample.soketi.toFixed(1)} MB  (${calls} calls so far)`,
        );
        await sleep(Math.min(SAMPLE_MS, Math.max(0, endAt - Date.now())));
      }
      samples.push({ seconds: Math.round((Date.now() - startedAt) / 1000), ...memory(rootPid) });
    })();

    let docVersion = 0;
    let clientSeq = 0;
    const clientId = `soak-${randomUUID().slice(0, 8)}`;
    const edit = async (op: (string | number | { d: number })[]) => {
      const answer = await editor.trpc.documents.submit.mutate({ id: doc.id, baseVersion: docVersion, op, clientId, clientSeq: ++clientSeq });
      docVersion = answer.version;
    };
    await Promise.all([
      // 20 notifications a second: 4 senders, one every 200 ms each.
      ...[0, 1, 2, 3].map((lane) =>
        every("notifications (REST)", 200, over, async (n) => {
          const to = people[(n * 4 + lane) % people.length]!;
          const res = await fetch(`${server.baseUrl}/api/v1/admin/notifications`, {
            method: "POST",
            headers: { authorization: `Bearer ${seeded.token}`, "content-type": "application/json" },
            body: JSON.stringify({ recipientEmail: to.email, title: `soak ${lane}-${n}`, body: "soak" }),
          });
          if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
        }),
      ),
      every("posts (tRPC)", 1_000, over, (n) => poster.trpc.posts.create.mutate({ title: `Soak post ${n}`, body: "soak" }).then(() => undefined)),
      every("room messages (tRPC)", 250, over, (n) =>
        people[n % people.length]!.trpc.rooms.send.mutate({ roomId: room.id, body: `soak ${n}` }).then(() => undefined),
      ),
      // An insert, then its delete: the document stays short, the edits go on.
      every("document edits (tRPC)", 250, over, (n) => edit(n % 2 === 0 ? ["soak "] : [{ d: 5 }])),
      every("imports (tus + tRPC)", 30_000, over, async (n) => {
        const uploadId = await uploadCsv(server, importer, n);
        await importer.trpc.imports.start.mutate({ uploadId });
      }),
    ]);
    await sampling;
    const load = machine();
    await sleep(3_000); // the last events arrive

    // ---- the figures ------------------------------------------------------------------
    const half = samples.filter((s) => s.seconds >= (MINUTES * 60) / 2);
    const figures = Object.fromEntries(
      ROLES.map((role) => {
        const values = samples.map((s) => s[role]);
        return [
          role,
          {
            firstMb: values[0]!,
            lastMb: values.at(-1)!,
            peakMb: Math.max(...values),
            secondHalfSlopeMbPerMin: slope(half.map((s) => ({ x: s.seconds / 60, y: s[role] }))),
          },
        ];
      }),
    ) as Record<Role, { firstMb: number; lastMb: number; peakMb: number; secondHalfSlopeMbPerMin: number }>;
    const notificationsSent = tallies.get("notifications (REST)")?.ok ?? 0;
    const result = {
      date: new Date().toISOString(),
      machine: load,
      settings: { minutes: MINUTES, sampleSeconds: SAMPLE_MS / 1000, database: kind, people: PEOPLE, importRows: IMPORT_ROWS },
      samples,
      figures,
      calls: Object.fromEntries(tallies),
      delivered: { notifications: delivered.get("load notification") ?? 0, notificationsSent, posts: delivered.get("post.created") ?? 0 },
    };
    const file = writeResult(root, "soak-", result);

    const mb = (n: number) => n.toFixed(1);
    console.log("\nSamples (MB):\n| s | app | worker | soketi |\n|---|---|---|---|");
    for (const s of samples) console.log(`| ${s.seconds} | ${mb(s.app)} | ${mb(s.worker)} | ${mb(s.soketi)} |`);
    console.log(
      `\n| Process | first MB | last MB | peak MB | slope over the second half, MB/min |\n|---|---|---|---|---|\n` +
        ROLES.map((r) => {
          const f = figures[r];
          return `| ${r} | ${mb(f.firstMb)} | ${mb(f.lastMb)} | ${mb(f.peakMb)} | ${f.secondHalfSlopeMbPerMin >= 0 ? "+" : ""}${f.secondHalfSlopeMbPerMin.toFixed(2)} |`;
        }).join("\n"),
    );
    console.log(
      `\nCalls: ${[...tallies].map(([name, t]) => `${name} ${t.ok} ok, ${t.failed} failed`).join("; ")}.` +
        `\nDelivered to pusher-js: ${result.delivered.notifications} of ${notificationsSent} notifications, ${result.delivered.posts} posts.` +
        `\n${describeMachine(load)}\nJSON: ${file}`,
    );
  } finally {
    await stopAll();
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
