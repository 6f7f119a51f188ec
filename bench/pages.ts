// `npm run bench:pages`: how long a signed-in person waits for a page to open,
// measured the way they meet it, in Debian's Chromium through
// Playwright against the start command (`npm start` = scripts/serve.ts prod)
// on ports and a fresh PostgreSQL database of its own (bench/prod-server.ts).
//
// Production, for every signed-in page (home, feed, a post, inbox, rooms, a
// room, documents, a document, imports, notification settings, profile,
// admin for an admin), BENCH_PAGES_RUNS full loads (page.goto) each, after
// one unmeasured warm-up load:
//   TTFB and DOMContentLoaded (Navigation Timing, from the navigation's start),
//   "Live": when the header's connection status (data-testid=connection-status,
//   the pusher-js connection state) first reads "Live", in the page's clock,
//   "ready": Live and the page's own heading shown,
//   "subscribed": the last pusher `subscription_succeeded` of the load
//   (every channel the page listens to is authorised and joined),
//   channel-auth requests (to /api/realtime/auth*) and WebSockets per load,
//   the JavaScript the page loads (script responses' bytes, uncompressed) and
//   whether it carries a heavy library it does not need (marker strings:
//   the document editor's OT, @dnd-kit, @tanstack/react-virtual).
// Client-side navigation: BENCH_PAGES_RUNS rounds through the header's links
// (and back to a room and a document by link), each measured from the click
// to the new page's heading with the status still "Live", and to its last
// subscription; every WebSocket the tab opens is counted (the target: one, kept open).
// Dev mode (BENCH_PAGES_DEV=1, after production; =compare: first with
// DEV_WARM_ROUTES=false, then as the start command is): `npm run dev`'s embedded
// defaults (embedded PostgreSQL, own data folder) started fresh: the first
// page after "Ready" (sign-in page, then signed in to home, to Live), and
// warm pages to Live.
// Prints tables with the targets and the machine's load; writes JSON to
// bench/results/pages-<date>.json. docs/benchmarks.md, "Page load".
// BENCH_PAGES_PROD=0 skips production (dev mode only).
// Settings: DATABASE_URL (the PostgreSQL server on which a fresh database is
// made and dropped; default the local one), BENCH_PAGES_RUNS (7),
// BENCH_PAGES_DIST (the build folder, .next-bench; built when it holds no
// build, rebuilt unless BENCH_REUSE_BUILD=1), BENCH_PAGES_DEV=1,
// BENCH_PAGES_ONLY (comma-separated page names), BENCH_PAGES_COMPARE (another
// build folder, e.g. one built before a change: a second server runs it and
// every load alternates between the two, so both meet the same machine load), BENCH_CPU_PROFILE_DIR (the
// web server's CPU profile, see scripts/lib/next-server.ts).
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { freePort } from "../scripts/lib/ports";
import { startProdServer, type ProdServer } from "./prod-server";
import { describeMachine, median, percentile, sleep, watchMachine, writeResult, type Machine } from "./stats";
import { chromiumLaunchOptions } from "../e2e/support/chromium";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const RUNS = num("BENCH_PAGES_RUNS", 7);
const DIST_DIR = process.env.BENCH_PAGES_DIST || ".next-bench";
const SERVER_URL = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const ONLY = process.env.BENCH_PAGES_ONLY?.split(",").map((s) => s.trim());
const DEMO = { alice: "alice@example.com", admin: "admin@example.com", password: "password" };

const TARGETS = { loadLiveP95: 400, ttfbP95: 100, navP95: 150, devWarm: 1_500, devFirst: 10_000 };

/** Libraries only some pages need, by strings their minified code keeps. */
const HEAVY = [
  { name: "document editor (ot-text-unicode)", marker: "The op is too long for this document", needs: ["document"] },
  { name: "@dnd-kit", marker: "DndDescribedBy", needs: ["room"] },
  { name: "@tanstack/react-virtual", marker: "data-index", needs: ["feed"] },
];

type PageSpec = { name: string; path: string; heading: RegExp; as: "alice" | "admin" };

// The full browser, as a person uses it (not the journeys' headless shell).
const launchOptions = chromiumLaunchOptions(true);

// When the status first reads "Live", in the page's own clock (ms from the navigation's start).
const LIVE_WATCH = `(() => {
  const check = () => {
    if (window.__liveAt !== undefined) return;
    const el = document.querySelector('[data-testid="connection-status"]');
    if (el && el.textContent && el.textContent.includes("Live")) window.__liveAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();`;

/** What one tab's WebSockets and channel subscriptions do, seen from outside the page. */
class SocketWatch {
  opened = 0;
  closed = 0;
  subscribes = 0;
  succeeded = 0;
  lastSucceededAt = 0;
  authRequests = 0;
  /** Server round trips of client-side navigations (React Server Component payloads). */
  rscRequests = 0;
  scriptBytes = 0;
  scripts: { url: string; text: string }[] = [];
  collectScripts = false;

  constructor(page: Page) {
    page.on("websocket", (ws) => {
      this.opened++;
      ws.on("close", () => this.closed++);
      ws.on("framesent", ({ payload }) => {
        if (String(payload).includes('"pusher:subscribe"')) this.subscribes++;
      });
      ws.on("framereceived", ({ payload }) => {
        if (String(payload).includes("pusher_internal:subscription_succeeded")) {
          this.succeeded++;
          this.lastSucceededAt = performance.now();
        }
      });
    });
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/realtime/auth")) this.authRequests++;
      if (request.headers()["rsc"] === "1") this.rscRequests++;
    });
    page.on("response", (response) => {
      if (!this.collectScripts || response.request().resourceType() !== "script") return;
      void response
        .body()
        .then((body) => {
          this.scriptBytes += body.length;
          this.scripts.push({ url: response.url(), text: body.toString("latin1") });
        })
        .catch(() => undefined);
    });
  }

  reset(collectScripts = false): void {
    this.subscribes = 0;
    this.succeeded = 0;
    this.lastSucceededAt = 0;
    this.authRequests = 0;
    this.rscRequests = 0;
    this.scriptBytes = 0;
    this.scripts = [];
    this.collectScripts = collectScripts;
  }

  /** Waits until every subscription asked for has succeeded and none was asked for `quietMs`. */
  async settled(quietMs = 400, timeoutMs = 20_000): Promise<void> {
    const end = performance.now() + timeoutMs;
    let seen = -1;
    let since = performance.now();
    while (performance.now() < end) {
      const now = this.subscribes + this.succeeded;
      if (now !== seen) [seen, since] = [now, performance.now()];
      if (this.succeeded >= this.subscribes && performance.now() - since >= quietMs) return;
      await sleep(25);
    }
  }
}

async function signIn(context: BrowserContext, baseUrl: string, email: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 120_000 });
  await page.close();
}

async function mutate(page: Page, procedure: string, input: unknown): Promise<{ id: string }> {
  const result = await page.evaluate(
    async ({ procedure, input }) => {
      const response = await fetch(`/api/trpc/${procedure}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: input }),
      });
      return { status: response.status, body: await response.text() };
    },
    { procedure, input },
  );
  if (result.status !== 200) throw new Error(`${procedure}: ${result.status} ${result.body}`);
  return (JSON.parse(result.body) as { result: { data: { json: { id: string } } } }).result.data.json;
}

/** A room, a document and a post for alice's pages, made as a person makes them. */
async function seedContent(context: BrowserContext, baseUrl: string) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/profile`);
  const room = await mutate(page, "rooms.create", { name: "Bench room", visibility: "PUBLIC" });
  const doc = await mutate(page, "documents.create", { title: "Bench document" });
  const post = await mutate(page, "posts.create", { id: randomUUID(), title: "Bench post", body: "Hello" });
  await page.close();
  return { roomId: room.id, docId: doc.id, postId: post.id };
}

function pageSpecs(ids: { roomId: string; docId: string; postId: string }): PageSpec[] {
  const all: PageSpec[] = [
    { name: "home", path: "/", heading: /^Hello/, as: "alice" },
    { name: "feed", path: "/feed", heading: /^Feed$/, as: "alice" },
    { name: "post", path: `/posts/${ids.postId}`, heading: /Bench post/, as: "alice" },
    { name: "inbox", path: "/inbox", heading: /^Inbox$/, as: "alice" },
    { name: "rooms", path: "/rooms", heading: /^Rooms$/, as: "alice" },
    { name: "room", path: `/rooms/${ids.roomId}`, heading: /Bench room/, as: "alice" },
    { name: "documents", path: "/docs", heading: /^Documents$/, as: "alice" },
    { name: "document", path: `/docs/${ids.docId}`, heading: /Bench document/, as: "alice" },
    { name: "imports", path: "/imports", heading: /^Imports$/, as: "alice" },
    { name: "settings", path: "/settings/notifications", heading: /^Notification settings$/, as: "alice" },
    { name: "profile", path: "/profile", heading: /^Profile$/, as: "alice" },
    { name: "admin", path: "/admin", heading: /^Admin$/, as: "admin" },
  ];
  return ONLY ? all.filter((p) => ONLY.includes(p.name)) : all;
}

async function waitReady(page: Page, heading: RegExp, timeout = 30_000): Promise<void> {
  await page.locator("main h1").filter({ hasText: heading }).first().waitFor({ state: "visible", timeout });
  await page.locator('[data-testid="connection-status"]', { hasText: "Live" }).waitFor({ state: "visible", timeout });
}

type Load = { ttfb: number; dcl: number; live: number; ready: number; subscribed: number; authRequests: number; sockets: number };

async function fullLoad(page: Page, watch: SocketWatch, baseUrl: string, spec: PageSpec, collect = false): Promise<Load> {
  watch.reset(collect);
  const opened = watch.opened;
  const start = performance.now();
  await page.goto(`${baseUrl}${spec.path}`, { waitUntil: "domcontentloaded", timeout: 60_000 });
  await waitReady(page, spec.heading);
  const readyNode = performance.now();
  await watch.settled();
  const timing = await page.evaluate(() => {
    const nav = (performance as unknown as { getEntriesByType(type: string): unknown[] }).getEntriesByType("navigation")[0] as { responseStart: number; startTime: number; domContentLoadedEventEnd: number };
    return {
      ttfb: nav.responseStart - nav.startTime,
      dcl: nav.domContentLoadedEventEnd - nav.startTime,
      live: (window as unknown as { __liveAt?: number }).__liveAt ?? NaN,
      now: performance.now(),
    };
  });
  // The page's clock starts at the navigation; Node's at `start`, a little earlier.
  const offset = performance.now() - start - timing.now;
  return {
    ttfb: timing.ttfb,
    dcl: timing.dcl,
    live: timing.live,
    ready: Math.max(timing.live, readyNode - start - offset),
    subscribed: watch.lastSucceededAt ? Math.max(0, watch.lastSucceededAt - start - offset) : NaN,
    authRequests: watch.authRequests,
    sockets: watch.opened - opened,
  };
}

type Summary = { p50: number; p95: number };
const summary = (values: number[]): Summary => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return { p50: median(sorted), p95: percentile(sorted, 95) };
};
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)}` : "–");
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

type PageResult = {
  name: string;
  path: string;
  ttfb: Summary;
  dcl: Summary;
  live: Summary;
  ready: Summary;
  subscribed: Summary;
  authRequests: number;
  socketsPerLoad: number;
  scriptBytes: number;
  heavy: string[];
  unneeded: string[];
};

/** One server under test: its build's label, and alice's and the admin's signed-in tabs. */
type Target = {
  label: string;
  baseUrl: string;
  specs: PageSpec[];
  tabs: Record<"alice" | "admin", Page>;
  watches: Record<"alice" | "admin", SocketWatch>;
  contexts: BrowserContext[];
};

async function setUpTarget(browser: Browser, label: string, baseUrl: string): Promise<Target> {
  const contexts = { alice: await browser.newContext(), admin: await browser.newContext() };
  await signIn(contexts.alice, baseUrl, DEMO.alice);
  await signIn(contexts.admin, baseUrl, DEMO.admin);
  const ids = await seedContent(contexts.alice, baseUrl);
  const tabs = { alice: await contexts.alice.newPage(), admin: await contexts.admin.newPage() };
  for (const tab of Object.values(tabs)) await tab.addInitScript(LIVE_WATCH);
  const watches = { alice: new SocketWatch(tabs.alice), admin: new SocketWatch(tabs.admin) };
  return { label, baseUrl, specs: pageSpecs(ids), tabs, watches, contexts: [contexts.alice, contexts.admin] };
}

type NavStep = { spec: PageSpec; link: () => ReturnType<Page["locator"]> };

/** The header's links, and the room and document reached from their lists. */
function navRoute(target: Target): NavStep[] {
  const tab = target.tabs.alice;
  const byName = new Map(target.specs.filter((s) => s.as === "alice").map((s) => [s.name, s]));
  const nav = (label: string) => () => tab.locator("nav.site-nav").getByRole("link", { name: label, exact: true });
  const steps: [string, () => ReturnType<Page["locator"]>][] = [
    ["feed", nav("Feed")],
    ["rooms", nav("Rooms")],
    ["room", () => tab.locator("main").getByRole("link", { name: "Bench room" }).first()],
    ["inbox", nav("Inbox")],
    ["documents", nav("Documents")],
    ["document", () => tab.locator("main").getByRole("link", { name: "Bench document" }).first()],
    ["imports", nav("Imports")],
    ["profile", nav("Profile")],
    ["home", nav("Home")],
  ];
  return steps.flatMap(([name, link]) => {
    const spec = byName.get(name);
    return spec ? [{ spec, link }] : [];
  });
}

/**
 * Every page of every target, loads interleaved (A, B, A, B…) so that the
 * machine's drifting load falls on all targets alike; then the navigation
 * rounds, interleaved the same way.
 */
async function measureProduction(browser: Browser, servers: { label: string; baseUrl: string }[]) {
  const targets: Target[] = [];
  for (const server of servers) targets.push(await setUpTarget(browser, server.label, server.baseUrl));
  const results = new Map<string, PageResult[]>(targets.map((t) => [t.label, []]));
  for (let p = 0; p < targets[0]!.specs.length; p++) {
    const loads = new Map<string, Load[]>(targets.map((t) => [t.label, []]));
    const firsts = new Map<string, { scripts: SocketWatch["scripts"]; bytes: number }>();
    // Unmeasured: the first load of each page, with its scripts' bytes collected.
    for (const t of targets) {
      const spec = t.specs[p]!;
      await fullLoad(t.tabs[spec.as], t.watches[spec.as], t.baseUrl, spec, true);
      await sleep(300);
      firsts.set(t.label, { scripts: [...t.watches[spec.as].scripts], bytes: t.watches[spec.as].scriptBytes });
    }
    for (let i = 0; i < RUNS; i++) {
      for (const t of targets) {
        const spec = t.specs[p]!;
        loads.get(t.label)!.push(await fullLoad(t.tabs[spec.as], t.watches[spec.as], t.baseUrl, spec));
      }
    }
    for (const t of targets) {
      const spec = t.specs[p]!;
      const l = loads.get(t.label)!;
      const { scripts, bytes } = firsts.get(t.label)!;
      const heavy = HEAVY.filter((lib) => scripts.some((s) => s.text.includes(lib.marker)));
      const result: PageResult = {
        name: spec.name,
        path: spec.path,
        ttfb: summary(l.map((x) => x.ttfb)),
        dcl: summary(l.map((x) => x.dcl)),
        live: summary(l.map((x) => x.live)),
        ready: summary(l.map((x) => x.ready)),
        subscribed: summary(l.map((x) => x.subscribed)),
        authRequests: median(l.map((x) => x.authRequests)),
        socketsPerLoad: median(l.map((x) => x.sockets)),
        scriptBytes: bytes,
        heavy: heavy.map((h) => h.name),
        unneeded: heavy.filter((h) => !h.needs.includes(spec.name)).map((h) => h.name),
      };
      results.get(t.label)!.push(result);
      console.log(
        `[bench] ${t.label} ${spec.name.padEnd(9)} TTFB ${ms(result.ttfb.p50)}/${ms(result.ttfb.p95)}  DCL ${ms(result.dcl.p50)}/${ms(result.dcl.p95)}  ` +
          `Live ${ms(result.live.p50)}/${ms(result.live.p95)}  ready ${ms(result.ready.p50)}/${ms(result.ready.p95)}  ` +
          `subscribed ${ms(result.subscribed.p50)}  auth requests ${result.authRequests}  JS ${kb(bytes)}` +
          (result.unneeded.length ? `  UNNEEDED: ${result.unneeded.join(", ")}` : ""),
      );
    }
  }

  // Client-side navigation, alice's tab: one full load, then links only.
  const navTimes = new Map<string, Map<string, { ready: number[]; subscribed: number[]; rsc: number[] }>>(targets.map((t) => [t.label, new Map()]));
  const sockets = new Map<string, { opened: number; closed: number }>();
  for (const t of targets) {
    const home = t.specs.find((s) => s.name === "home") ?? t.specs[0]!;
    sockets.set(t.label, { opened: t.watches.alice.opened, closed: t.watches.alice.closed });
    await fullLoad(t.tabs.alice, t.watches.alice, t.baseUrl, home);
  }
  for (let round = 0; round < RUNS + 1; round++) {
    for (const t of targets) {
      const tab = t.tabs.alice;
      const watch = t.watches.alice;
      for (const { spec, link } of navRoute(t)) {
        // The room and document links need their list on screen.
        await link().waitFor({ state: "visible", timeout: 30_000 });
        watch.reset();
        const start = performance.now();
        await link().click();
        await tab.waitForURL((url) => url.pathname === spec.path, { timeout: 30_000 });
        await waitReady(tab, spec.heading);
        const ready = performance.now() - start;
        await watch.settled();
        const subscribed = watch.lastSucceededAt ? watch.lastSucceededAt - start : NaN;
        if (round === 0) continue; // the first round fetches each page's scripts
        const entry = navTimes.get(t.label)!.get(spec.name) ?? { ready: [], subscribed: [], rsc: [] };
        entry.rsc.push(watch.rscRequests);
        entry.ready.push(ready);
        entry.subscribed.push(subscribed);
        navTimes.get(t.label)!.set(spec.name, entry);
      }
    }
  }
  const out = targets.map((t) => {
    const times = navTimes.get(t.label)!;
    const before = sockets.get(t.label)!;
    const navigation = [...times].map(([name, x]) => ({
      name,
      ready: summary(x.ready),
      subscribed: summary(x.subscribed),
      serverRoundTrips: median(x.rsc),
    }));
    const allNav = summary([...times.values()].flatMap((x) => x.ready));
    const socketsOpened = t.watches.alice.opened - before.opened;
    const socketsClosed = t.watches.alice.closed - before.closed;
    for (const n of navigation) {
      console.log(`[bench] ${t.label} nav → ${n.name.padEnd(9)} ready ${ms(n.ready.p50)}/${ms(n.ready.p95)}  subscribed ${ms(n.subscribed.p50)}/${ms(n.subscribed.p95)}`);
    }
    console.log(`[bench] ${t.label} navigation: ${socketsOpened} WebSocket(s) opened (1 expected: the full load's), ${socketsClosed} closed`);
    return { label: t.label, pages: results.get(t.label)!, navigation, allNav, socketsOpened, socketsClosed };
  });
  for (const t of targets) for (const c of t.contexts) await c.close();
  return out;
}

/** `npm run dev` on the embedded defaults, in a fresh data folder. */
async function measureDev(browser: Browser, warmRoutes: boolean) {
  const [port, soketiPort, soketiMetricsPort, embeddedDbPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const dataDir = mkdtempSync(path.join(tmpdir(), "notify-bench-dev-"));
  chmodSync(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    SOKETI_PORT: String(soketiPort),
    SOKETI_METRICS_PORT: String(soketiMetricsPort),
    EMBEDDED_DB_PORT: String(embeddedDbPort),
    DATA_DIR: dataDir,
    // Dev builds into <dist>/dev, beside the production build (and already in tsconfig's include).
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    DEV_WARM_ROUTES: String(warmRoutes),
  };
  for (const key of Object.keys(env)) {
    if (key.startsWith("PUSHER_") || key.startsWith("NEXTAUTH_") || key === "DATABASE_URL" || key === "NODE_ENV") delete env[key];
  }
  // A newcomer's first run: no dev build yet.
  rmSync(path.join(root, DIST_DIR, "dev"), { recursive: true, force: true });
  const startedAt = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", "dev"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let readyAt = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`npm run dev exited (${code}) before it was ready`)));
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => {
        console.log(`[dev] ${line}`);
        if (!readyAt && /Ready in/.test(line)) {
          readyAt = performance.now();
          resolve();
        }
      });
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await ready;
    const baseUrl = `http://localhost:${port}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(LIVE_WATCH);
    // The first page a newcomer opens: sign-in; then signed in, home to Live.
    const t0 = performance.now();
    await page.goto(`${baseUrl}/sign-in`, { timeout: 600_000 });
    await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 600_000 });
    const firstPage = performance.now() - t0;
    await page.getByLabel("Email").fill(DEMO.alice);
    await page.getByLabel("Password").fill(DEMO.password);
    const t1 = performance.now();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 600_000, waitUntil: "commit" });
    await waitReady(page, /^Hello/, 600_000);
    const signInToLive = performance.now() - t1;
    console.log(`[bench] dev: first page (sign-in) ${ms(firstPage)} ms after Ready; sign in → home Live ${ms(signInToLive)} ms`);
    // Warm pages: each loaded once (compiled), then measured.
    const specs = pageSpecs({ roomId: "none", docId: "none", postId: "none" }).filter((s) =>
      ["home", "feed", "inbox", "rooms", "documents", "profile"].includes(s.name),
    );
    const watch = new SocketWatch(page);
    const warm: { name: string; live: Summary; ready: Summary; first: number }[] = [];
    for (const spec of specs) {
      const first = await fullLoad(page, watch, baseUrl, spec).catch((error: unknown) => {
        console.log(`[bench] dev ${spec.name}: ${String(error).split("\n")[0]}`);
        return null;
      });
      if (!first) continue;
      const loads: Load[] = [];
      for (let i = 0; i < Math.min(RUNS, 3); i++) loads.push(await fullLoad(page, watch, baseUrl, spec));
      const entry = { name: spec.name, live: summary(loads.map((l) => l.live)), ready: summary(loads.map((l) => l.ready)), first: first.ready };
      warm.push(entry);
      console.log(`[bench] dev ${spec.name.padEnd(9)} first ${ms(entry.first)}  warm Live ${ms(entry.live.p50)}/${ms(entry.live.p95)}  ready ${ms(entry.ready.p50)}/${ms(entry.ready.p95)}`);
    }
    await context.close();
    return { warmRoutes, readyAfterMs: readyAt - startedAt, firstPage, signInToLive, warm };
  } finally {
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(killer);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type ProdResult = Awaited<ReturnType<typeof measureProduction>>[number];

function report(prods: ProdResult[], devs: Awaited<ReturnType<typeof measureDev>>[], machine: Machine) {
  const lines: string[] = [];
  for (const prod of prods) {
    lines.push(`### ${prod.label}`);
    lines.push(`Production (npm start, PostgreSQL), ${RUNS} full loads per page; ms, median / p95 (targets: Live p95 ≤ ${TARGETS.loadLiveP95}, TTFB ≤ ${TARGETS.ttfbP95})`);
    lines.push("| page | TTFB | DOMContentLoaded | Live | ready (Live + heading) | all channels subscribed | channel-auth requests | JS (uncompressed) | heavy libraries |");
    lines.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const p of prod.pages) {
      lines.push(
        `| ${p.name} (${p.path.replace(/\/[a-z0-9]{20,}$/i, "/…")}) | ${ms(p.ttfb.p50)} / ${ms(p.ttfb.p95)} | ${ms(p.dcl.p50)} / ${ms(p.dcl.p95)} | ` +
          `${ms(p.live.p50)} / ${ms(p.live.p95)} | ${ms(p.ready.p50)} / ${ms(p.ready.p95)} | ${ms(p.subscribed.p50)} / ${ms(p.subscribed.p95)} | ` +
          `${p.authRequests} | ${kb(p.scriptBytes)} | ${p.heavy.map((h) => (p.unneeded.includes(h) ? `**${h} (unneeded)**` : h)).join(", ") || "–"} |`,
      );
    }
    lines.push("");
    lines.push(`Client-side navigation (header links), ${RUNS} rounds; ms from the click, median / p95 (target p95 ≤ ${TARGETS.navP95})`);
    lines.push("| to | ready (heading, Live) | all channels subscribed | RSC requests (median) |");
    lines.push("| --- | --- | --- | --- |");
    for (const n of prod.navigation) {
      lines.push(`| ${n.name} | ${ms(n.ready.p50)} / ${ms(n.ready.p95)} | ${ms(n.subscribed.p50)} / ${ms(n.subscribed.p95)} | ${n.serverRoundTrips} |`);
    }
    lines.push(`| all | ${ms(prod.allNav.p50)} / ${ms(prod.allNav.p95)} | | |`);
    lines.push(`WebSockets opened during the navigation run: ${prod.socketsOpened} (the first full load's), closed: ${prod.socketsClosed}`);
    lines.push("");
  }
  for (const dev of devs) {
    lines.push("");
    lines.push(`Dev mode (npm run dev, embedded defaults, fresh data folder, DEV_WARM_ROUTES=${dev.warmRoutes}): Ready after ${(dev.readyAfterMs / 1000).toFixed(1)} s`);
    lines.push(`First page after Ready (sign-in): ${ms(dev.firstPage)} ms; sign in → home Live: ${ms(dev.signInToLive)} ms (target ≤ ${TARGETS.devFirst})`);
    lines.push("| page | first load | warm: Live | warm: ready |");
    lines.push("| --- | --- | --- | --- |");
    for (const w of dev.warm) lines.push(`| ${w.name} | ${ms(w.first)} | ${ms(w.live.p50)} / ${ms(w.live.p95)} | ${ms(w.ready.p50)} / ${ms(w.ready.p95)} |`);
  }
  lines.push("");
  lines.push(describeMachine(machine));
  console.log(`\n${lines.join("\n")}\n`);
}

async function main(): Promise<void> {
  const machine = watchMachine();
  if (!process.env.BENCH_REUSE_BUILD) rmSync(path.join(root, DIST_DIR), { recursive: true, force: true });
  // BENCH_PAGES_COMPARE=<another build folder>: that build too, on a server
  // of its own, every load interleaved with this build's (before/after a change).
  const builds = [{ label: "this build", distDir: DIST_DIR }];
  if (process.env.BENCH_PAGES_COMPARE) builds.unshift({ label: `${process.env.BENCH_PAGES_COMPARE}`, distDir: process.env.BENCH_PAGES_COMPARE });
  const browser = await chromium.launch(launchOptions);
  let prod: ProdResult[] = [];
  const devs: Awaited<ReturnType<typeof measureDev>>[] = [];
  const servers: ProdServer[] = [];
  try {
    // BENCH_PAGES_PROD=0: dev mode only.
    for (const [i, build] of (process.env.BENCH_PAGES_PROD === "0" ? [] : builds).entries()) {
      servers.push(
        await startProdServer({
          kind: "postgres",
          root,
          distDir: build.distDir,
          credentials: { appId: "bench-pages", key: "bench-pages-key", secret: randomBytes(24).toString("hex") },
          serverUrl: SERVER_URL,
          databaseName: `bench_pages_${process.pid}_${i}`,
          label: `prod ${build.label}`,
          env: { SEED_DEMO_ACCOUNTS: "true" },
        }),
      );
    }
    try {
      if (servers.length) {
        prod = await measureProduction(
          browser,
          servers.map((server, i) => ({ label: builds[i]!.label, baseUrl: `http://localhost:${new URL(server.baseUrl).port}` })),
        );
      }
    } finally {
      for (const server of servers) await server.stop();
    }
    // BENCH_PAGES_DEV=1: as the start command is; =compare: without warming the routes first, then with.
    if (process.env.BENCH_PAGES_DEV === "compare") devs.push(await measureDev(browser, false));
    if (process.env.BENCH_PAGES_DEV) devs.push(await measureDev(browser, true));
  } finally {
    await browser.close();
  }
  const m = machine();
  report(prod, devs, m);
  const file = writeResult(root, "pages-", { date: new Date().toISOString(), runs: RUNS, prod, dev: devs, machine: m } as { date: string });
  console.log(`Results: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
