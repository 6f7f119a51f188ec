// The local multi-node mode (`npm run multi-node`): the production shape of
// docker-compose.yml with --profile scale, on one machine, to see scale-out at
// work (docs/operations.md, "Scale-out"):
//   - two Soketi nodes joined through Redis (Soketi's Redis adapter), so a
//     client on either node gets events published to either, and presence
//     members are the same through both;
//   - two app instances (scripts/web-server.ts in production) sharing one PostgreSQL: each runs an
//     outbox publisher, only the lease holder publishes, and the other takes
//     over when it stops;
//   - instance 1 talks to node 1, instance 2 to node 2 (browsers included).
// Needs DATABASE_URL (a PostgreSQL server the instances share; the start
// command's embedded one belongs to that command's lifetime) and Redis (REDIS_HOST / REDIS_PORT, default
// 127.0.0.1:6379). Ports: PORT and PORT+1 for the app, SOKETI_PORT and
// SOKETI_PORT+1 for Soketi, SOKETI_METRICS_PORT and +1 for its metrics.
import path from "node:path";
import { fileURLToPath } from "node:url";
import dotenv from "dotenv";
import { InvalidSettingsError, parseEnv } from "../src/server/env";
import { demoAccountsBanner, seedDemoAccountsAt } from "./lib/demo-accounts";
import { randomSecret } from "./lib/dev-settings";
import { Lifecycle } from "./lib/lifecycle";
import { describeError, log } from "./lib/log";
import { migrateDeploy } from "./lib/migrate";
import { buildNext, hasProductionBuild, startNext } from "./lib/next-server";
import { assertPortsFree, PortsInUseError } from "./lib/ports";
import { redisAdapterEnv, redisAnswers, redisFromEnv, startSoketi } from "./lib/soketi";
import { readStartSettings } from "./lib/start-settings";
import { waitForHealth } from "./lib/wait-for-health";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lifecycle = new Lifecycle();
const NODES = 2;
const HOST = "127.0.0.1";

async function main(): Promise<void> {
  dotenv.config({ path: path.join(root, ".env"), quiet: true });
  const settings = readStartSettings(process.env, "prod", root);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new InvalidSettingsError([
      "DATABASE_URL must point at a PostgreSQL server: the app instances share it",
    ]);
  }
  const redis = redisFromEnv();
  if (!(await redisAnswers(redis))) {
    throw new InvalidSettingsError([
      `no Redis answers at ${redis.host}:${redis.port} (set REDIS_HOST / REDIS_PORT, or start one: redis-server)`,
    ]);
  }
  const nodes = Array.from({ length: NODES }, (_, i) => ({
    appPort: settings.port + i,
    soketiPort: settings.soketiPort + i,
    metricsPort: settings.soketiMetricsPort + i,
  }));
  await assertPortsFree(
    nodes.flatMap((n, i) => [
      { port: n.appPort, setting: "PORT", what: `app instance ${i + 1}` },
      { port: n.soketiPort, setting: "SOKETI_PORT", what: `Soketi node ${i + 1}` },
      { port: n.metricsPort, setting: "SOKETI_METRICS_PORT", what: `Soketi node ${i + 1}'s metrics` },
    ]),
  );
  lifecycle.handleSignals();
  lifecycle.handleCrashes();

  // What every instance must share: the session secret (a session signed by
  // one is valid on the other) and the Soketi app's credentials.
  const shared = {
    appId: process.env.PUSHER_APP_ID || "live-notify",
    key: process.env.PUSHER_KEY || "live-notify-key",
    secret: process.env.PUSHER_SECRET || randomSecret(),
    nextauthSecret: process.env.NEXTAUTH_SECRET || randomSecret(),
  };
  const envFor = (node: (typeof nodes)[number]): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
    Object.assign(env, {
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: `http://localhost:${node.appPort}`,
      NEXTAUTH_SECRET: shared.nextauthSecret,
      PUSHER_APP_ID: shared.appId,
      PUSHER_KEY: shared.key,
      PUSHER_SECRET: shared.secret,
      PUSHER_HOST: HOST,
      PUSHER_PORT: String(node.soketiPort),
      PUSHER_PUBLIC_HOST: "localhost",
      PUSHER_PUBLIC_PORT: String(node.soketiPort),
      PUSHER_USE_TLS: "false",
      PORT: String(node.appPort),
      NEXT_DIST_DIR: settings.nextDistDir,
    });
    delete env.PUSHER_PUBLIC_TLS;
    delete env.NODE_ENV; // Next sets it from its command
    return env;
  };
  const appEnv = parseEnv({ ...envFor(nodes[0]!), NODE_ENV: "production" });

  await lifecycle.step(migrateDeploy(databaseUrl));
  if (process.env.SEED_DEMO_ACCOUNTS !== "false") {
    await lifecycle.step(seedDemoAccountsAt(databaseUrl, appEnv.DATABASE_POOL_SIZE));
  }

  // One cluster per Redis prefix; this one's name is the app id.
  const adapter = redisAdapterEnv(redis, `live-notify-${shared.appId}`);
  for (const [i, node] of nodes.entries()) {
    const soketi = await lifecycle.start(`Soketi node ${i + 1}`, () =>
      startSoketi({
        port: node.soketiPort,
        metricsPort: node.metricsPort,
        host: HOST,
        appId: shared.appId,
        key: shared.key,
        secret: shared.secret,
        env: adapter,
        detached: true,
        shutdownGraceMs: 300,
        // Webhooks fire once per cluster event; instance 1 records them.
        webhookUrl: `http://127.0.0.1:${nodes[0]!.appPort}/api/realtime/webhooks`,
      }),
    );
    lifecycle.exitWith(`Soketi node ${i + 1}`, soketi.exited);
    log.info(`Soketi node ${i + 1} on ${HOST}:${node.soketiPort} (Redis adapter, ${redis.host}:${redis.port})`);
  }

  if (!hasProductionBuild(root, settings.nextDistDir)) {
    log.info(`No build in ${settings.nextDistDir}/ yet: running next build first.`);
    await lifecycle.step(
      buildNext(root, envFor(nodes[0]!), (build) => lifecycle.add(build.name, () => build.stop(), build.kill)),
    );
  }

  // Both instances start at once: each publisher competes for the outbox
  // lease, and one wins.
  for (const node of nodes) lifecycle.watch(startNext("prod", root, node.appPort, envFor(node)));
  for (const [i, node] of nodes.entries()) {
    const healthy = await lifecycle.step(
      waitForHealth(`http://127.0.0.1:${node.appPort}/api/health`, {
        stillWaiting: (reason) => log.info(`Waiting for instance ${i + 1}'s /api/health: ${reason}`),
        cancelled: () => lifecycle.stopping,
      }),
    );
    if (!healthy) return;
  }

  if (process.env.SEED_DEMO_ACCOUNTS !== "false") console.log(`\n${demoAccountsBanner()}`);
  console.log();
  for (const [i, node] of nodes.entries()) {
    log.info(`Instance ${i + 1}: http://localhost:${node.appPort}  (publishes to and connects browsers to Soketi node ${i + 1})`);
  }
  log.info("Sign in on each as a different person: events cross nodes through Redis. Ctrl-C stops everything.");
}

main().catch(async (error: unknown) => {
  if (error instanceof InvalidSettingsError || error instanceof PortsInUseError) {
    console.error(error.message);
  } else {
    log.error(`Could not start: ${describeError(error)}`);
  }
  await lifecycle.exit(1);
});
