// Live events for programs and native apps: a personal access token with the
// `realtime` scope authorizes channel subscriptions at /api/realtime/auth
// (Authorization: Bearer) and catches up over REST (GET /api/v1/events),
// under the browser's channel rules plus the channel's read scope.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import { createAccessToken, revokeAccessToken } from "@/server/access-tokens/tokens";
import type { SessionUser } from "@/server/auth";
import { notify } from "@/server/notifications/notify";
import { CATCH_UP_LIMIT } from "@/server/realtime/catch-up";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { requestChannelAuthWithToken, requestUserAuthWithToken } from "../helpers/channel-auth";
import { liveHarness } from "../helpers/live-harness";
import { rest } from "../helpers/rest";
import { serveRoutes } from "../helpers/route-server";
import { createUser } from "../helpers/users";

const live = liveHarness();
let admin: SessionUser;

beforeAll(async () => {
  admin = await createUser({ role: "ADMIN" });
});

async function tokenFor(user: SessionUser, scopes: AccessTokenScope[]) {
  return createAccessToken({ actor: user, name: "live client", scopes });
}

/** A pusher-js client that authorizes with the token (Authorization: Bearer), as a script would. */
function programWith(token: string) {
  return live.client(null, { token });
}

const events = (channel: string, after: number) => `/events?channel=${encodeURIComponent(channel)}&after=${after}`;

describe("subscribing with an access token", () => {
  it("joins its person's own channel through the auth route and receives what is sent to them", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const { token } = await tokenFor(alice, ["realtime", "notifications:read"]);
    const program = programWith(token);

    expect(await program.subscribe(channels.user(alice.id))).toEqual({ ok: true });
    await callerFor(admin).notifications.send({ recipientEmail: alice.email, title: "Build finished" });
    const [event] = await program.waitForEvents(channels.user(alice.id), 1);
    expect(event).toMatchObject({ id: 1, type: "notification.created", channel: channels.user(alice.id) });
    expect(event!.type === "notification.created" && event!.data.notification.title).toBe("Build finished");

    // Signed in as its person (the server can close its sockets when access ends).
    await program.signedIn();
    expect(program.pusher.user.user_data).toMatchObject({ id: alice.id });

    // Someone else's channel, and one tokens cannot read: refused as a browser would be.
    expect(await program.subscribe(channels.user(bob.id))).toEqual({ ok: false, status: 403 });
    expect(await program.subscribe(channels.admin())).toEqual({ ok: false, status: 403 });
  });

  it("refuses a token without the realtime scope, or without the channel's own scope, with 403 JSON", async () => {
    const alice = await createUser();
    const { token: noRealtime } = await tokenFor(alice, ["notifications:read", "posts:read"]);
    const res = await requestChannelAuthWithToken(noRealtime, channels.user(alice.id), "1234.5678");
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "This access token lacks the realtime scope." });
    expect((await requestUserAuthWithToken(noRealtime, "1234.5678")).status).toBe(403);
    expect(await programWith(noRealtime).subscribe(channels.user(alice.id))).toEqual({ ok: false, status: 403 });

    // realtime alone opens no channel: each needs the scope that reads it over REST.
    const { token: realtimeOnly } = await tokenFor(alice, ["realtime"]);
    const refused = await requestChannelAuthWithToken(realtimeOnly, channels.user(alice.id), "1234.5678");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "You may not subscribe to this channel." });
    expect((await requestChannelAuthWithToken(realtimeOnly, channels.feed(), "1234.5678")).status).toBe(403);
  });

  it("gives presence channels the person's name, and keeps private rooms to their members", async () => {
    const [alice, stranger] = await Promise.all([createUser({ name: "Alice Liddell" }), createUser()]);
    const room = await callerFor(alice).rooms.create({ name: "Ops", visibility: "PRIVATE" });
    const scopes: AccessTokenScope[] = ["realtime", "rooms:read"];
    const [{ token: alices }, { token: strangers }] = await Promise.all([tokenFor(alice, scopes), tokenFor(stranger, scopes)]);

    const res = await requestChannelAuthWithToken(alices, channels.room(room.id), "1234.5678");
    expect(res.status).toBe(200);
    const signed = (await res.json()) as { auth: string; channel_data: string };
    expect(JSON.parse(signed.channel_data)).toMatchObject({ user_id: alice.id, user_info: { name: "Alice Liddell", initials: "AL" } });

    const program = programWith(alices);
    expect(await program.subscribe(channels.room(room.id))).toEqual({ ok: true });
    expect(await programWith(strangers).subscribe(channels.room(room.id))).toEqual({ ok: false, status: 403 });
  });

  it("stops working once the token is revoked", async () => {
    const alice = await createUser();
    const { token, accessToken } = await tokenFor(alice, ["realtime", "notifications:read"]);
    expect((await requestChannelAuthWithToken(token, channels.user(alice.id), "1234.5678")).status).toBe(200);
    await revokeAccessToken({ actor: alice, id: accessToken.id });
    const res = await requestChannelAuthWithToken(token, channels.user(alice.id), "1234.5678");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "This access token is unknown, revoked or expired." });
    expect((await rest("GET", events(channels.user(alice.id), 0), token)).status).toBe(401);
  });
});

describe("GET /api/v1/events", () => {
  it("returns the events after an id, oldest first, and refuses other people's channels", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    for (const title of ["one", "two", "three"]) {
      await callerFor(admin).notifications.send({ recipientEmail: alice.email, title });
    }
    const scopes: AccessTokenScope[] = ["realtime", "notifications:read"];
    const [{ token: alices }, { token: bobs }] = await Promise.all([tokenFor(alice, scopes), tokenFor(bob, scopes)]);

    const missed = await rest("GET", events(channels.user(alice.id), 1), alices);
    expect(missed.status).toBe(200);
    expect(missed.headers.get("cache-control")).toContain("no-store");
    expect(missed.json.reset).toBe(false);
    const list = missed.json.events as { id: number; type: string; channel: string; data: { notification: { title: string } } }[];
    expect(list.map((e) => [e.id, e.type, e.channel, e.data.notification.title])).toEqual([
      [2, "notification.created", channels.user(alice.id), "two"],
      [3, "notification.created", channels.user(alice.id), "three"],
    ]);
    expect((await rest("GET", events(channels.user(alice.id), 3), alices)).json).toEqual({ events: [], reset: false });

    const refused = await rest("GET", events(channels.user(alice.id), 0), bobs);
    expect(refused.status).toBe(403);
    expect(refused.json.message).toBe("You cannot read this channel.");
  });

  it("refuses a token without the realtime scope, and an unknown one", async () => {
    const alice = await createUser();
    const { token } = await tokenFor(alice, ["notifications:read"]);
    const refused = await rest("GET", events(channels.user(alice.id), 0), token);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: "FORBIDDEN", message: "This access token lacks the realtime scope." });
    expect((await rest("GET", events(channels.system(), 0), "lnt_not-a-token")).status).toBe(401);
  });

  it("answers reset when the client is too far behind, or ahead of the server, and it must reload", async () => {
    const alice = await createUser();
    const { token } = await tokenFor(alice, ["realtime", "notifications:read"]);
    const channel = channels.user(alice.id);
    for (let i = 0; i <= CATCH_UP_LIMIT; i++) await notify({ recipientId: alice.id, type: "system.test", title: `n${i}` });

    expect((await rest("GET", events(channel, 0), token)).json).toEqual({ events: [], reset: true });
    const recent = await rest("GET", events(channel, 1), token);
    expect(recent.json.reset).toBe(false);
    expect((recent.json.events as unknown[]).length).toBe(CATCH_UP_LIMIT);
    expect((await rest("GET", events(channel, CATCH_UP_LIMIT + 5), token)).json).toEqual({ events: [], reset: true });
  });
});

describe("the Node client in docs/rest-api.md", () => {
  it("prints a notification sent while it was away (caught up) and one sent after (live)", async () => {
    const doc = readFileSync(path.join(process.cwd(), "docs", "rest-api.md"), "utf8");
    const block = /\n {2}```js\n( {2}\/\/ live\.mjs[\s\S]*?)\n {2}```\n/.exec(doc)?.[1];
    expect(block, "the live.mjs example in docs/rest-api.md").toBeTruthy();
    // Inside the project, so that `import "pusher-js"` finds its node_modules.
    const dir = mkdtempSync(path.join(process.cwd(), "node_modules", ".readme-example-"));
    writeFileSync(path.join(dir, "live.mjs"), block!.replace(/^ {2}/gm, ""));
    const app = await serveRoutes();
    const alice = await createUser();
    const { token } = await tokenFor(alice, ["realtime", "notifications:read"]);
    await callerFor(admin).notifications.send({ recipientEmail: alice.email, title: "While away" });

    const child = spawn(process.execPath, [path.join(dir, "live.mjs")], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        NODE_ENV: "test",
        PATH: process.env.PATH,
        APP_URL: app.url,
        TOKEN: token,
        PUSHER_KEY: process.env.PUSHER_KEY,
        PUSHER_HOST: "127.0.0.1",
        PUSHER_PORT: process.env.PUSHER_PORT,
      },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const printed = async (line: string) => {
      for (let i = 0; i < 500 && !output.includes(line); i++) await new Promise((r) => setTimeout(r, 20));
      expect(output).toContain(line);
    };
    try {
      await printed("1 notification.created While away");
      await callerFor(admin).notifications.send({ recipientEmail: alice.email, title: "Live" });
      await printed("2 notification.created Live");
      expect(output.trim().split("\n")).toEqual(["1 notification.created While away", "2 notification.created Live"]);
    } finally {
      child.kill();
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
