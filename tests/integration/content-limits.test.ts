// Limits on what people create: posts, comments, document edits,
// sign-ups per address and push subscriptions each have a sliding-window
// limit in the shared store. Past it a call is refused with
// TOO_MANY_REQUESTS and a retry-after (429 + Retry-After over REST), and the
// refused call stores nothing.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { PEER_HEADER } from "@/server/client-address";
import { createAccessToken } from "@/server/access-tokens/tokens";
import { db } from "@/server/db";
import { callerFor } from "../helpers/callers";
import { browserKeys } from "../helpers/push-service";
import { rest } from "../helpers/rest";
import { createUser } from "../helpers/users";

// Small limits for this file only (settings are read once per test file).
const LIMITS = {
  POST_LIMIT: "3",
  COMMENT_LIMIT: "3",
  DOCUMENT_EDIT_LIMIT: "3",
  SIGN_UP_LIMIT: "2",
  PUSH_SUBSCRIBE_LIMIT: "2",
};
Object.assign(process.env, LIMITS);
afterAll(() => {
  for (const name of Object.keys(LIMITS)) delete process.env[name];
});

/** The refusal a call ends with, checked to be a rate limit with a retry-after. */
async function expectRateLimited(call: Promise<unknown>, message: RegExp) {
  const error = await call.then(
    () => expect.fail("the call was not refused"),
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS" });
  const retryAfter = (error as { cause: { retryAfterSeconds: number } }).cause.retryAfterSeconds;
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).toMatch(/Try again in \d+ (seconds?|minutes?)\./);
}

/** Actions counted for a key in a limit's window (the sum over its slices). */
async function countedFor(limit: string, key: string): Promise<number> {
  const [row] = await db.$queryRaw<[{ n: number }]>`
    SELECT coalesce(sum(points), 0)::int AS n FROM "RateLimit" WHERE key LIKE ${`${limit}:${key}:%`}`;
  return row.n;
}

describe("content limits over tRPC", () => {
  it("posts: the fourth inside the window is refused and not stored", async () => {
    const alice = await createUser();
    for (let i = 1; i <= 3; i++) await callerFor(alice).posts.create({ title: `Post ${i}`, body: "" });
    await expectRateLimited(callerFor(alice).posts.create({ title: "One too many", body: "" }), /posting too fast/);
    expect(await db.post.count({ where: { authorId: alice.id } })).toBe(3);
    // The refused post was not counted either: its statement was undone whole.
    expect(await countedFor("posts", alice.id)).toBe(3);
    // A post with a mention (written in a transaction, its limit counted first) is refused alike.
    const bob = await createUser({ name: "Bob Mentioned" });
    await expectRateLimited(callerFor(alice).posts.create({ title: "Hello", body: `Hi @[Bob](${bob.id})` }), /posting too fast/);
    expect(await db.post.count({ where: { authorId: alice.id } })).toBe(3);
    expect(await countedFor("posts", alice.id)).toBe(3);
    // Per person: Bob may still post.
    await callerFor(await createUser()).posts.create({ title: "Bob's", body: "" });
  });

  it("posts: ten sent at once, as a script would, store exactly the limit and refuse the rest", async () => {
    const mallory = await createUser();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => callerFor(mallory).posts.create({ title: `Burst ${i}`, body: "" })),
    );
    const refused = results.filter((r) => r.status === "rejected");
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // Each counts and reads the window in one statement; the count's row lock
    // orders them, so the first three see 1, 2 and 3 and the rest more.
    expect(await db.post.count({ where: { authorId: mallory.id } })).toBe(3);
    expect(refused).toHaveLength(7);
  });

  it("comments: the fourth inside the window is refused and not stored", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const post = await callerFor(bob).posts.create({ title: "Talk to me", body: "" });
    for (let i = 1; i <= 3; i++) await callerFor(alice).posts.addComment({ postId: post.id, body: `Comment ${i}` });
    await expectRateLimited(callerFor(alice).posts.addComment({ postId: post.id, body: "Too many" }), /commenting too fast/);
    expect(await db.comment.count({ where: { authorId: alice.id } })).toBe(3);
  });

  it("document edits: the fourth inside the window is refused and not applied", async () => {
    const alice = await createUser();
    const doc = await callerFor(alice).documents.create({ title: "Busy" });
    const edit = (seq: number) =>
      callerFor(alice).documents.submit({ id: doc.id, baseVersion: seq - 1, op: seq === 1 ? ["a"] : [seq - 1, "a"], clientId: "limit-client-1", clientSeq: seq });
    for (let seq = 1; seq <= 3; seq++) await edit(seq);
    await expectRateLimited(edit(4), /editing too fast/);
    expect(await db.document.findUniqueOrThrow({ where: { id: doc.id } })).toMatchObject({ text: "aaa", version: 3 });
    expect(await db.documentOperation.count({ where: { documentId: doc.id } })).toBe(3);
  });

  it("sign-ups: the third from one address inside the window is refused and creates no account", async () => {
    // The address the app's web server records for the connection (a client's X-Forwarded-For counts for nothing).
    const address = { [PEER_HEADER]: `198.51.100.${Math.floor(Math.random() * 250) + 1}` };
    const signUp = (n: number) =>
      callerFor(null, address).account.signUp({ name: `New ${n}`, email: `new-${n}-${randomUUID().slice(0, 8)}@test.example`, password: "a long passphrase" });
    await signUp(1);
    await signUp(2);
    const email = `refused-${randomUUID().slice(0, 8)}@test.example`;
    await expectRateLimited(
      callerFor(null, address).account.signUp({ name: "Refused", email, password: "a long passphrase" }),
      /Too many new accounts/,
    );
    expect(await db.user.count({ where: { email } })).toBe(0);
    // Another address may still sign up.
    await callerFor(null, { [PEER_HEADER]: "192.0.2.77" }).account.signUp({
      name: "Elsewhere",
      email: `elsewhere-${randomUUID().slice(0, 8)}@test.example`,
      password: "a long passphrase",
    });
  });

  it("push subscriptions: the third inside the window is refused and not stored", async () => {
    const alice = await createUser();
    const subscribe = (n: number) => callerFor(alice).push.subscribe({ endpoint: `https://8.8.8.8/push/${alice.id}/${n}`, keys: browserKeys().keys });
    await subscribe(1);
    await subscribe(2);
    await expectRateLimited(subscribe(3), /push notifications on too often/);
    expect(await db.pushSubscription.count({ where: { userId: alice.id } })).toBe(2);
  });
});

describe("content limits over REST", () => {
  it("a post past the limit is 429 with Retry-After, and is not stored", async () => {
    const alice = await createUser();
    const { token } = await createAccessToken({ actor: alice, name: "limits", scopes: ["posts:write"] });
    for (let i = 1; i <= 3; i++) expect((await rest("POST", "/posts", token, { title: `REST ${i}`, body: "" })).status).toBe(200);
    const refused = await rest("POST", "/posts", token, { title: "REST refused", body: "" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(refused.json).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/posting too fast/) });
    expect(await db.post.count({ where: { authorId: alice.id } })).toBe(3);
  });
});
