import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { createDb } from "@/server/db";
import { env } from "@/server/env";
import { checkHealth } from "@/server/health";
import { createPusher } from "@/server/realtime/pusher";
import { freePort } from "../../scripts/lib/ports";

describe("GET /api/health", () => {
  it("answers 200 with the state of the database and of Soketi when both are up", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      database: { ok: true },
      realtime: { ok: true },
      outbox: { pending: expect.any(Number) },
    });
  });

  it("reports down (503 from the route) when Soketi does not answer", async () => {
    const deadPusher = createPusher({ ...env(), PUSHER_PORT: await freePort() });
    const health = await checkHealth({ pusher: deadPusher });
    expect(health).toMatchObject({ status: "down", database: { ok: true }, realtime: { ok: false } });
  });

  it("reports down when the database does not answer", async () => {
    const dead = createDb(`postgresql://postgres@127.0.0.1:${await freePort()}/nothing`);
    try {
      const health = await checkHealth({ db: dead.prisma });
      expect(health).toMatchObject({ status: "down", database: { ok: false }, realtime: { ok: true } });
    } finally {
      await dead.pool.end();
    }
  });
});
