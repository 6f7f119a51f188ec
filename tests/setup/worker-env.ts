// Settings for code under test, pointing at the run's database and Soketi.
import { inject } from "vitest";
import { TEST_PUSHER } from "./test-pusher";


Object.assign(process.env, {
  NODE_ENV: "test",
  DATABASE_URL: inject("databaseUrl"),
  NEXTAUTH_URL: "http://localhost:3999",
  NEXTAUTH_SECRET: "test-secret-test-secret-test-secret-0123",
  PUSHER_APP_ID: TEST_PUSHER.appId,
  PUSHER_KEY: TEST_PUSHER.key,
  PUSHER_SECRET: TEST_PUSHER.secret,
  PUSHER_HOST: "127.0.0.1",
  PUSHER_PORT: String(inject("soketiPort")),
  PUSHER_USE_TLS: "false",
  OUTBOX_POLL_MS: "50",
  DATABASE_POOL_SIZE: "10",
});
