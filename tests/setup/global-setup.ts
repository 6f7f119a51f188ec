// Once per test run: a database with the migrations applied and a Soketi.
import type { TestProject } from "vitest/node";
import { startSoketi } from "../../scripts/lib/soketi";
import { freePort } from "../../scripts/lib/ports";
import { TEST_PUSHER } from "./test-pusher";
import { createTestDatabase } from "./test-database";


declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    soketiPort: number;
  }
}

export default async function setup(project: TestProject) {
  const database = await createTestDatabase({ prefix: "notify_test", port: await freePort() });
  const soketiPort = await freePort();
  const soketi = await startSoketi({ port: soketiPort, metricsPort: await freePort(), ...TEST_PUSHER });
  project.provide("databaseUrl", database.url);
  project.provide("soketiPort", soketiPort);
  return async () => {
    await soketi.stop();
    await database.drop();
  };
}
