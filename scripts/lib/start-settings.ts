// The start command's own settings (the app's are in src/server/env.ts).
// Validated like the app's, so a bad value stops the command with a message
// naming it before anything is started.
import path from "node:path";
import { z } from "zod";
import { InvalidSettingsError } from "../../src/server/env";

export type Mode = "dev" | "prod";

const PORT_RULE = "must be a port number (1-65535)";
const port = z.coerce.number({ error: PORT_RULE }).int(PORT_RULE).min(1, PORT_RULE).max(65535, PORT_RULE);
const bool = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

const schema = z.object({
  PORT: port.default(3000),
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_DB_PORT: port.default(54329),
  SOKETI_PORT: port.default(6001),
  SOKETI_METRICS_PORT: port.default(9601),
  SEED_DEMO_ACCOUNTS: bool.optional(),
  NEXT_DIST_DIR: z.string().default(".next"),
  DEV_WARM_ROUTES: bool.default(true),
});

/** The names of the start command's settings (README, "Settings"). */
export const startSettingNames = Object.keys(schema.shape);

export type StartSettings = {
  mode: Mode;
  port: number;
  /** Absolute. */
  dataDir: string;
  embeddedDbPort: number;
  soketiPort: number;
  soketiMetricsPort: number;
  seedDemoAccounts: boolean;
  nextDistDir: string;
  /** Dev: compile the main routes right after "Ready" (lib/warm-routes.ts). */
  warmRoutes: boolean;
};

export function parseMode(arg: string | undefined): Mode {
  if (arg === "dev" || arg === "prod") return arg;
  throw new Error(`Usage: tsx scripts/serve.ts dev|prod (got ${arg === undefined ? "nothing" : `"${arg}"`})`);
}

export function readStartSettings(
  source: Record<string, string | undefined>,
  mode: Mode,
  root: string,
): StartSettings {
  // As in parseEnv: an empty value means "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new InvalidSettingsError(result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`));
  }
  const s = result.data;
  const ports = { PORT: s.PORT, EMBEDDED_DB_PORT: s.EMBEDDED_DB_PORT, SOKETI_PORT: s.SOKETI_PORT, SOKETI_METRICS_PORT: s.SOKETI_METRICS_PORT };
  const clashes = Object.entries(ports).filter(([name, value]) =>
    Object.entries(ports).some(([other, v]) => other !== name && v === value),
  );
  if (clashes.length > 0) {
    throw new InvalidSettingsError(
      clashes.map(([name, value]) => `${name} is ${value}, the same port as another setting; each needs its own port`),
    );
  }
  return {
    mode,
    port: s.PORT,
    dataDir: path.resolve(root, s.DATA_DIR),
    embeddedDbPort: s.EMBEDDED_DB_PORT,
    soketiPort: s.SOKETI_PORT,
    soketiMetricsPort: s.SOKETI_METRICS_PORT,
    // Demo accounts have a published password: on by default only in dev.
    seedDemoAccounts: s.SEED_DEMO_ACCOUNTS ?? mode === "dev",
    nextDistDir: s.NEXT_DIST_DIR,
    warmRoutes: s.DEV_WARM_ROUTES,
  };
}
