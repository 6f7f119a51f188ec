// What the start command gives the app when it runs the embedded PostgreSQL:
// a real server, so the app's pool is the usual one (PGlite's single backend
// once forced it down to one connection).
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { planServices, validationEnv } from "../../scripts/lib/app-env";
import { readStartSettings } from "../../scripts/lib/start-settings";

const dev = { nextauthSecret: "n".repeat(40), soketiSecret: "s".repeat(40) };

function appEnvFor(source: Record<string, string>) {
  const settings = readStartSettings(source, "dev", "/tmp/live-notify");
  const plan = planServices(source, settings, dev);
  return { plan, appEnv: parseEnv(validationEnv(plan, settings)) };
}

describe("the embedded database's plan", () => {
  it("points the app at the embedded server with the default pool", () => {
    const { plan, appEnv } = appEnvFor({ EMBEDDED_DB_PORT: "54400" });
    expect(plan.embeddedDatabase).toBe(true);
    expect(appEnv.DATABASE_URL).toBe("postgresql://postgres:postgres@127.0.0.1:54400/postgres?sslmode=disable");
    expect(appEnv.DATABASE_POOL_SIZE).toBe(10);
  });

  it("keeps a DATABASE_POOL_SIZE the person set", () => {
    expect(appEnvFor({ DATABASE_POOL_SIZE: "25" }).appEnv.DATABASE_POOL_SIZE).toBe(25);
  });
});
