// Decides what the start command runs itself and what it takes from the
// environment, and builds the environment the web server gets. Pure (no
// process is started here), so the whole configuration can be validated
// before anything starts.
import type { DevSettings } from "./dev-settings";
import { randomSecret } from "./dev-settings";
import { embeddedPostgresUrl } from "./embedded-postgres";
import type { StartSettings } from "./start-settings";

/** Credentials of the Soketi the start command runs (PUSHER_HOST not set). */
type EmbeddedSoketi = { appId: string; key: string; secret: string };

export type ServicePlan = {
  /** The environment for validation and for Next's process. */
  env: Record<string, string>;
  embeddedDatabase: boolean;
  embeddedSoketi: EmbeddedSoketi | null;
};

export const EMBEDDED_HOST = "127.0.0.1";
export const DEFAULT_APP_ID = "live-notify";
export const DEFAULT_APP_KEY = "live-notify-key";

function given(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

export function planServices(
  source: Record<string, string | undefined>,
  settings: StartSettings,
  dev: DevSettings | null,
): ServicePlan {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) if (value !== undefined) env[name] = value;

  const embeddedDatabase = !given(source.DATABASE_URL);
  if (embeddedDatabase) {
    env.DATABASE_URL = embeddedPostgresUrl(settings.embeddedDbPort, EMBEDDED_HOST);
  }

  let embeddedSoketi: EmbeddedSoketi | null = null;
  if (!given(source.PUSHER_HOST)) {
    embeddedSoketi = {
      appId: given(source.PUSHER_APP_ID) ? source.PUSHER_APP_ID : DEFAULT_APP_ID,
      // The key is public (browsers get it); only the secret must be secret.
      key: given(source.PUSHER_KEY) ? source.PUSHER_KEY : DEFAULT_APP_KEY,
      // In prod the secret never leaves this machine's processes, so a fresh
      // one per start is enough; dev keeps one across restarts.
      secret: given(source.PUSHER_SECRET) ? source.PUSHER_SECRET : (dev?.soketiSecret ?? randomSecret()),
    };
    Object.assign(env, {
      PUSHER_APP_ID: embeddedSoketi.appId,
      PUSHER_KEY: embeddedSoketi.key,
      PUSHER_SECRET: embeddedSoketi.secret,
      PUSHER_HOST: EMBEDDED_HOST,
      PUSHER_PORT: String(settings.soketiPort),
      PUSHER_USE_TLS: "false",
      // The Soketi it runs takes 100 events per request (scripts/lib/soketi.ts).
      PUSHER_MAX_BATCH: given(source.PUSHER_MAX_BATCH) ? source.PUSHER_MAX_BATCH : "100",
    });
  }

  if (!given(env.NEXTAUTH_URL)) env.NEXTAUTH_URL = `http://localhost:${settings.port}`;
  // Only dev invents a session secret; in prod a missing one is reported by
  // validation, because a made-up secret would sign everybody out on restart
  // and differ between instances.
  if (!given(env.NEXTAUTH_SECRET) && dev) env.NEXTAUTH_SECRET = dev.nextauthSecret;

  env.PORT = String(settings.port);
  env.NEXT_DIST_DIR = settings.nextDistDir;
  // Next sets NODE_ENV itself from the command (dev, build, start) and warns
  // about any other value, e.g. "test" inherited from a test runner.
  delete env.NODE_ENV;

  return { env, embeddedDatabase, embeddedSoketi };
}

/** What parseEnv should see: the plan's environment with Next's NODE_ENV for the mode. */
export function validationEnv(plan: ServicePlan, settings: StartSettings): Record<string, string> {
  return { ...plan.env, NODE_ENV: settings.mode === "dev" ? "development" : "production" };
}
