// The start command: `npm run dev` (tsx scripts/serve.ts dev) and `npm start`
// (... prod). What it does, in order (README, "Quick start" and "Settings"):
//   1. read .env, the start command's settings and the app's, and validate
//      them all before starting anything;
//   2. with no DATABASE_URL, run the embedded PostgreSQL (data in DATA_DIR);
//   3. apply the migrations; seed the demo accounts (dev);
//   4. with no PUSHER_HOST, run Soketi;
//   5. run the background worker (scripts/worker.ts) and Next (building
//      first in prod if there is no build) and wait until /api/health answers 200;
//      in dev, ask for sign-in and home before saying Ready and for the
//      sections after, so they are compiled before a person opens them
//      (lib/warm-routes.ts; DEV_WARM_ROUTES=false skips it);
//   6. keep Soketi and the worker running: a crashed one is restarted with
//      backoff while the web server stays up, and only repeated crashes (5
//      within 60 s) stop everything (lib/supervisor.ts);
//   7. on Ctrl-C stop all of it, newest first; if the web server or the
//      database dies, stop the rest.
import path from "node:path";
import { fileURLToPath } from "node:url";
import dotenv from "dotenv";
import { InvalidSettingsError, parseEnv } from "../src/server/env";
import { planServices, validationEnv, EMBEDDED_HOST, type ServicePlan } from "./lib/app-env";
import { lockDataDir } from "./lib/data-dir-lock";
import { demoAccountsBanner, seedDemoAccountsAt } from "./lib/demo-accounts";
import { loadOrCreateDevSettings } from "./lib/dev-settings";
import { checkEmbeddedDataDir, EmbeddedDataError, startEmbeddedPostgres } from "./lib/embedded-postgres";
import { Lifecycle } from "./lib/lifecycle";
import { describeError, log } from "./lib/log";
import { migrateDeploy } from "./lib/migrate";
import { networkAddresses } from "./lib/network-addresses";
import { buildNext, hasProductionBuild, startNext } from "./lib/next-server";
import { assertPortsFree, PortsInUseError, type PortNeed } from "./lib/ports";
import { startSoketi } from "./lib/soketi";
import { startWorker } from "./lib/worker-process";
import { parseMode, readStartSettings, type StartSettings } from "./lib/start-settings";
import { waitForHealth } from "./lib/wait-for-health";
import { FIRST_ROUTES, SECTION_ROUTES, warmRoutes } from "./lib/warm-routes";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lifecycle = new Lifecycle();

function portsNeeded(plan: ServicePlan, settings: StartSettings): PortNeed[] {
  return [
    { port: settings.port, setting: "PORT", what: "the web server" },
    ...(plan.embeddedDatabase
      ? [{ port: settings.embeddedDbPort, setting: "EMBEDDED_DB_PORT", what: "the embedded PostgreSQL" }]
      : []),
    ...(plan.embeddedSoketi
      ? [
          { port: settings.soketiPort, setting: "SOKETI_PORT", what: "Soketi" },
          { port: settings.soketiMetricsPort, setting: "SOKETI_METRICS_PORT", what: "Soketi's metrics" },
        ]
      : []),
  ];
}

/** host:port/database of a URL, without its password, for the log. */
function whereIs(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(unreadable URL)";
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const mode = parseMode(process.argv[2]);
  // Values already in the environment win over .env (dotenv's default).
  dotenv.config({ path: path.join(root, ".env"), quiet: true });

  const settings = readStartSettings(process.env, mode, root);
  const dev = mode === "dev" ? loadOrCreateDevSettings(settings.dataDir) : null;
  const plan = planServices(process.env, settings, dev);
  const appEnv = parseEnv(validationEnv(plan, settings));
  if (plan.embeddedDatabase) checkEmbeddedDataDir(settings.dataDir);
  await assertPortsFree(portsNeeded(plan, settings));
  lifecycle.handleSignals();
  lifecycle.handleCrashes();
  const { env } = plan;

  if (plan.embeddedDatabase) {
    const dataDir = path.join(settings.dataDir, "postgres");
    const unlock = lockDataDir(settings.dataDir);
    lifecycle.add("the data directory lock", async () => unlock());
    const database = await lifecycle.start("the embedded PostgreSQL", () =>
      startEmbeddedPostgres({ dataDir, port: settings.embeddedDbPort, host: EMBEDDED_HOST }),
    );
    lifecycle.exitWith("The embedded PostgreSQL", database.exited);
    const shown = path.relative(root, dataDir).startsWith("..") ? dataDir : path.relative(root, dataDir);
    log.info(`Database: embedded PostgreSQL on ${EMBEDDED_HOST}:${settings.embeddedDbPort}, data in ${shown} (its log: ${shown}.log)`);
  } else {
    log.info(`Database: ${whereIs(appEnv.DATABASE_URL)} (DATABASE_URL)`);
  }

  await lifecycle.step(migrateDeploy(appEnv.DATABASE_URL));
  if (settings.seedDemoAccounts) {
    await lifecycle.step(seedDemoAccountsAt(appEnv.DATABASE_URL, appEnv.DATABASE_POOL_SIZE));
  }

  if (plan.embeddedSoketi) {
    const credentials = plan.embeddedSoketi;
    const soketi = await lifecycle.supervise("Soketi", () =>
      startSoketi({
        port: settings.soketiPort,
        metricsPort: settings.soketiMetricsPort,
        // Every interface, as the web server: a browser opened at the network
        // address (a phone on the same network) connects to it too.
        host: "0.0.0.0",
        ...credentials,
        detached: true,
        // Everything stops together here: no client needs time to move to another node.
        shutdownGraceMs: 300,
        webhookUrl: `http://127.0.0.1:${settings.port}/api/realtime/webhooks`,
      }),
    );
    log.info(`Realtime: Soketi on 0.0.0.0:${settings.soketiPort} (pid ${soketi.pid}), every interface`);
  } else {
    log.info(`Realtime: ${appEnv.PUSHER_HOST}:${appEnv.PUSHER_PORT} (PUSHER_HOST)`);
  }

  if (mode === "prod" && !hasProductionBuild(root, settings.nextDistDir)) {
    log.info(`No build in ${settings.nextDistDir}/ yet: running next build first.`);
    await lifecycle.step(buildNext(root, env, (build) => lifecycle.add(build.name, () => build.stop(), build.kill)));
  }

  // Background jobs (imports) run in a process of their own; stopped before
  // Soketi and the database, after the web server.
  if (!env.UPLOAD_DIR) env.UPLOAD_DIR = path.join(settings.dataDir, "uploads");
  const worker = await lifecycle.supervise("the worker", async () => startWorker(root, env));
  log.info(`Worker: background jobs (pid ${worker.pid})`);
  lifecycle.watch(startNext(mode, root, settings.port, env));
  const healthy = await lifecycle.step(
    waitForHealth(`http://127.0.0.1:${settings.port}/api/health`, {
      stillWaiting: (reason) => log.info(`Waiting for /api/health: ${reason}`),
      cancelled: () => lifecycle.stopping,
      // It runs Soketi and the worker itself: ready means they answer too.
      untilOk: true,
    }),
  );
  if (!healthy) return;
  const warm = mode === "dev" && settings.warmRoutes;
  if (warm) {
    // Dev compiles each route on first request: the first page a person
    // opens after "Ready" is compiled already (lib/warm-routes.ts).
    log.info("Compiling the first pages (sign-in, home)…");
    await warmRoutes(`http://127.0.0.1:${settings.port}`, FIRST_ROUTES, { cancelled: () => lifecycle.stopping });
    if (lifecycle.stopping) return;
  }

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (settings.seedDemoAccounts) {
    console.log(`\n${demoAccountsBanner()}`);
    if (mode === "prod") log.warn("SEED_DEMO_ACCOUNTS is on: these accounts have a published password.");
  }
  console.log();
  log.info(`Ready in ${seconds} s: http://localhost:${settings.port}  (${mode}; Ctrl-C stops everything)`);
  // next.config.ts allows these hosts in dev (allowedDevOrigins): keep the two lists one.
  for (const address of networkAddresses()) log.info(`Network: http://${address}:${settings.port}`);
  if (warm) {
    // The sections, while the newcomer reads this and signs in.
    void warmRoutes(`http://127.0.0.1:${settings.port}`, SECTION_ROUTES, { cancelled: () => lifecycle.stopping }).then(({ ms, failed }) => {
      if (!lifecycle.stopping) log.info(`Main pages compiled in ${(ms / 1000).toFixed(1)} s${failed ? ` (${failed} did not answer)` : ""}.`);
    });
  }
}

main().catch(async (error: unknown) => {
  if (error instanceof InvalidSettingsError || error instanceof PortsInUseError || error instanceof EmbeddedDataError) {
    console.error(error.message);
  } else {
    log.error(`Could not start: ${describeError(error)}`);
  }
  await lifecycle.exit(1);
});
