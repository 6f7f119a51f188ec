// Personal access tokens and the REST API (/api/v1): a token reaches only what
// its scopes allow (403 otherwise), a bad, revoked or expired token is 401,
// REST changes publish the same live events, and the OpenAPI document is valid.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import { createAccessToken } from "@/server/access-tokens/tokens";
import { openApiDocument } from "@/server/api/rest";
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { rest } from "../helpers/rest";
import { createUser } from "../helpers/users";

const { client } = liveHarness();

async function tokenFor(user: SessionUser, scopes: AccessTokenScope[], expiresInDays?: number) {
  return (await createAccessToken({ actor: user, name: "test", scopes, expiresInDays })).token;
}

describe("access tokens over REST", () => {
  it("a notifications:read token lists notifications and the unread count, and cannot create posts", async () => {
    const alice = await createUser();
    await notify({ recipientId: alice.id, type: "admin.message", title: "Hello over REST" });
    const token = await tokenFor(alice, ["notifications:read"]);

    const list = await rest("GET", "/notifications?limit=5", token);
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ items: [{ title: "Hello over REST", readAt: null }], nextCursor: null });
    const count = await rest("GET", "/notifications/unread-count", token);
    expect(count).toMatchObject({ status: 200, json: 1 });

    const postsBefore = await db.post.count({ where: { authorId: alice.id } });
    const refused = await rest("POST", "/posts", token, { title: "Not allowed", body: "" });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: "FORBIDDEN", message: "This access token lacks the posts:write scope." });
    expect(await db.post.count({ where: { authorId: alice.id } })).toBe(postsBefore);

    // Reading needs notifications:write; then the unread filter (query text) hides it.
    const id = (list.json.items as { id: string }[])[0]!.id;
    expect(await rest("POST", `/notifications/${id}/read`, token, {})).toMatchObject({ status: 403 });
    const writer = await tokenFor(alice, ["notifications:write", "notifications:read"]);
    expect(await rest("POST", `/notifications/${id}/read`, writer, {})).toMatchObject({
      status: 200,
      json: { unreadCount: 0, changed: true },
    });
    expect((await rest("GET", "/notifications?unreadOnly=true", token)).json.items).toEqual([]);
    expect((await rest("GET", "/notifications?unreadOnly=false", token)).json.items).toHaveLength(1);

    // Its use is recorded.
    const row = await db.accessToken.findFirstOrThrow({ where: { userId: alice.id }, orderBy: { createdAt: "asc" } });
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    expect(row.tokenHash).not.toContain(token.slice(4));
  });

  it("refuses a revoked, an expired and an unknown token with 401, and no token at all", async () => {
    const alice = await createUser();
    const revoked = await tokenFor(alice, ["notifications:read"]);
    const { id } = await db.accessToken.findFirstOrThrow({ where: { userId: alice.id } });
    expect(await rest("GET", "/notifications", revoked)).toMatchObject({ status: 200 });
    await callerFor(alice).accessTokens.revoke({ id });
    expect(await rest("GET", "/notifications", revoked)).toMatchObject({ status: 401, json: { code: "UNAUTHORIZED" } });

    const expired = await tokenFor(alice, ["notifications:read"], 1);
    await db.accessToken.updateMany({
      where: { userId: alice.id, revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await rest("GET", "/notifications", expired)).toMatchObject({ status: 401, json: { code: "UNAUTHORIZED" } });

    expect(await rest("GET", "/notifications", "lnt_not-a-real-token")).toMatchObject({ status: 401 });
    expect(await rest("GET", "/notifications", null)).toMatchObject({ status: 401 });
  });

  it("a token cannot manage tokens, and someone else cannot revoke yours", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    await tokenFor(alice, ["posts:read"]);
    const { id } = await db.accessToken.findFirstOrThrow({ where: { userId: alice.id } });
    await expect(callerFor(bob).accessTokens.revoke({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.accessToken.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    await expect(
      callerFor(alice).accessTokens.create({ name: "x", scopes: ["admin"] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const list = await callerFor(alice).accessTokens.list();
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty("tokenHash");
  });

  it("a post created over REST reaches a pusher-js subscriber of the feed", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const bobsFeed = client(bob);
    expect(await bobsFeed.subscribe(channels.feed())).toEqual({ ok: true });
    const token = await tokenFor(alice, ["posts:write", "posts:read"]);

    const created = await rest("POST", "/posts", token, { title: "  From a script  ", body: "via REST" });

    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ title: "From a script", author: { id: alice.id } });
    const received = await bobsFeed.waitForEvents(channels.feed(), 1);
    expect(received.at(-1)).toMatchObject({ type: "post.created", data: { post: { id: created.json.id } } });
  });

  it("bad input is 400 with field errors and changes nothing", async () => {
    const alice = await createUser();
    const token = await tokenFor(alice, ["posts:write"]);
    const refused = await rest("POST", "/posts", token, { title: "", body: "x" });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      code: "BAD_REQUEST",
      // The same sentence the web app's forms get from tRPC (not the REST
      // adapter's own "Input validation failed"), with zod's issues beside it.
      message: "Some fields need attention.",
      data: { fieldErrors: { title: ["Give your post a title"] } },
      issues: [expect.objectContaining({ path: ["title"] })],
    });
    expect(await db.post.count({ where: { authorId: alice.id } })).toBe(0);
  });

  it("too many room messages is 429 with Retry-After", async () => {
    const alice = await createUser();
    const room = await callerFor(alice).rooms.create({ name: "REST room", visibility: "PRIVATE" });
    const token = await tokenFor(alice, ["rooms:write", "rooms:read"]);
    const rooms = await rest("GET", "/rooms", token);
    expect(rooms.json).toEqual(expect.arrayContaining([expect.objectContaining({ id: room.id, name: "REST room" })]));
    let last = await rest("POST", `/rooms/${room.id}/messages`, token, { body: "hi 0" });
    expect(last.status).toBe(200);
    for (let i = 1; i < 50 && last.status === 200; i++) {
      last = await rest("POST", `/rooms/${room.id}/messages`, token, { body: `hi ${i}` });
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(last.json).toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("an admin token needs the admin scope to broadcast", async () => {
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
    const body = { recipientEmail: alice.email, title: "From the API" };
    const without = await tokenFor(admin, ["notifications:write"]);
    expect(await rest("POST", "/admin/notifications", without, body)).toMatchObject({ status: 403 });
    const withAdmin = await tokenFor(admin, ["admin"]);
    expect(await rest("POST", "/admin/notifications", withAdmin, body)).toMatchObject({
      status: 200,
      json: { title: "From the API", senderName: admin.name },
    });
    expect(await db.notification.count({ where: { recipientId: alice.id } })).toBe(1);
  });
});

describe("OpenAPI document", () => {
  it("validates against the OpenAPI 3 schema and lists the main resources", async () => {
    const doc = openApiDocument();
    const result = await new Validator().validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths ?? {})).toEqual(
      expect.arrayContaining([
        "/notifications",
        "/notifications/unread-count",
        "/notifications/{id}/read",
        "/posts",
        "/rooms",
        "/rooms/{roomId}/messages",
        "/admin/notifications",
      ]),
    );
  });
});
