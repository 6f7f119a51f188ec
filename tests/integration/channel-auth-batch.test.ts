// The batch channel-auth route (/api/realtime/auth/batch): several channels
// of one socket signed in one request, each answered exactly as the
// one-channel route answers it, refusals included. The browser's authorizer
// (channel-auth-batcher.ts) sends every subscription through it.
import { describe, expect, it } from "vitest";
import { POST as batchRoute } from "@/app/api/realtime/auth/batch/route";
import { CHANNEL_AUTH_BATCH_MAX } from "@/lib/realtime/channel-auth-batcher";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import { createAccessToken } from "@/server/access-tokens/tokens";
import type { SessionUser } from "@/server/auth";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { requestChannelAuth, requestChannelAuthWithToken } from "../helpers/channel-auth";
import { sessionCookie } from "../helpers/session";
import { createUser } from "../helpers/users";

type BatchAnswer = Record<string, { status: number; auth?: string; channel_data?: string; error?: string }>;

async function askBatch(who: { user?: SessionUser | null; token?: string }, socketId: string, channelNames: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (who.user) headers.cookie = await sessionCookie(who.user);
  if (who.token) headers.authorization = `Bearer ${who.token}`;
  const res = await batchRoute(
    new Request("http://localhost/api/realtime/auth/batch", {
      method: "POST",
      headers,
      body: JSON.stringify({ socket_id: socketId, channel_names: channelNames }),
    }),
  );
  return { status: res.status, body: (await res.json()) as { channels?: BatchAnswer; error?: string } };
}

/** What the one-channel route answers, in the batch's per-channel shape. */
async function askOneByOne(who: { user?: SessionUser | null; token?: string }, socketId: string, names: string[]) {
  const answers: BatchAnswer = {};
  for (const name of names) {
    const res = who.token
      ? await requestChannelAuthWithToken(who.token, name, socketId)
      : await requestChannelAuth(who.user ?? null, name, socketId);
    const body = (await res.json()) as { auth?: string; channel_data?: string; error?: string };
    answers[name] = { status: res.status, ...body };
  }
  return answers;
}

/** Answers with a presence channel's time of asking left out. */
function comparable(answers: BatchAnswer) {
  return Object.fromEntries(
    Object.entries(answers).map(([name, answer]) => {
      if (!answer.channel_data) return [name, answer];
      const data = JSON.parse(answer.channel_data) as { user_id: string; user_info: Record<string, unknown> };
      const info = { ...data.user_info };
      delete info.joinedAt;
      return [name, { status: answer.status, user_id: data.user_id, info }];
    }),
  );
}

describe("POST /api/realtime/auth/batch", () => {
  it("signs several channels in one request and refuses, in the same answer, those the person may not join: exactly as the one-channel route", async () => {
    const [alice, bob, owner] = await Promise.all([createUser(), createUser(), createUser()]);
    const open = await callerFor(owner).rooms.create({ name: "Open room", visibility: "PUBLIC" });
    const closed = await callerFor(owner).rooms.create({ name: "Closed room", visibility: "PRIVATE" });
    const names = [
      channels.user(alice.id), // hers
      channels.userActivity(alice.id), // hers
      channels.feed(), // every signed-in person
      channels.room(open.id), // a public room (presence: carries her member data)
      channels.user(bob.id), // someone else's
      channels.room(closed.id), // a private room she is not in
      channels.admin(), // admins only
      "private-whatever", // no rule
    ];

    const { status, body } = await askBatch({ user: alice }, "1234.5678", names);

    expect(status).toBe(200);
    const answers = body.channels!;
    expect(Object.keys(answers).sort()).toEqual([...names].sort());
    const signed = names.filter((n) => answers[n]!.status === 200);
    expect(signed).toEqual([channels.user(alice.id), channels.userActivity(alice.id), channels.feed(), channels.room(open.id)]);
    for (const name of names.slice(4)) {
      expect(answers[name]).toEqual({ status: 403, error: expect.any(String) });
    }
    expect(JSON.parse(answers[channels.room(open.id)]!.channel_data!)).toMatchObject({ user_id: alice.id });
    // Signatures are HMACs of socket and channel: the same strings the one-channel route gives
    // (a presence signature also covers the member data, whose joinedAt is the time of asking).
    expect(comparable(answers)).toEqual(comparable(await askOneByOne({ user: alice }, "1234.5678", names)));
  });

  it("refuses every channel to a signed-out request, and follows an access token's scopes like the one-channel route", async () => {
    const alice = await createUser();
    const names = [channels.user(alice.id), channels.feed()];
    const signedOut = await askBatch({ user: null }, "1.2", names);
    expect(signedOut.status).toBe(200);
    expect(Object.values(signedOut.body.channels!).map((a) => a.status)).toEqual([403, 403]);
    expect(signedOut.body.channels).toEqual(await askOneByOne({ user: null }, "1.2", names));

    const scopes: AccessTokenScope[] = ["realtime", "notifications:read"];
    const { token } = await createAccessToken({ actor: alice, name: "batch", scopes });
    const withToken = await askBatch({ token }, "1.2", names);
    expect(withToken.body.channels).toEqual(await askOneByOne({ token }, "1.2", names));
    expect(withToken.body.channels![channels.user(alice.id)]!.status).toBe(200);

    const { token: noRealtime } = await createAccessToken({ actor: alice, name: "no realtime", scopes: ["notifications:read"] });
    expect((await askBatch({ token: noRealtime }, "1.2", names)).status).toBe(403);
    expect((await askBatch({ token: "lnt_unknown" }, "1.2", names)).status).toBe(401);
  });

  it("answers 400 to a malformed request and signs nothing", async () => {
    const alice = await createUser();
    const own = channels.user(alice.id);
    for (const [socketId, names] of [
      ["not-a-socket", [own]],
      ["1.2", []],
      ["1.2", own],
      ["1.2", [42]],
      ["1.2", Array.from({ length: CHANNEL_AUTH_BATCH_MAX + 1 }, () => own)],
    ] as const) {
      const { status, body } = await askBatch({ user: alice }, socketId, names);
      expect({ socketId, status }).toEqual({ socketId, status: 400 });
      expect(body.channels).toBeUndefined();
    }
  });
});
