// Posts and comments: each change publishes exactly one event to each channel
// that should hear of it; someone else's post cannot be changed; a comment
// notifies the post's author and nobody else.
import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { EVENT_BODY_CHARS, MAX_EVENT_BYTES } from "@/lib/events";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";
import { outboxMark } from "../helpers/outbox";

const { client } = liveHarness();

/** Events committed after `mark`, as [channel, type] pairs. */
async function eventsSince(mark: bigint) {
  const rows = await db.outboxEvent.findMany({ where: { id: { gt: mark } }, orderBy: { id: "asc" } });
  return rows.map((r) => [r.channel, r.type]);
}

describe("posts", () => {
  it("creating a post publishes post.created once to the feed and once to the author's activity", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const bobsFeed = client(bob);
    expect(await bobsFeed.subscribe(channels.feed())).toEqual({ ok: true });
    const mark = await outboxMark();

    const post = await callerFor(alice).posts.create({ title: "  Hello feed  ", body: "First!" });

    expect(post).toMatchObject({ title: "Hello feed", body: "First!", author: { id: alice.id }, editedAt: null });
    expect(await eventsSince(mark)).toEqual([
      [channels.feed(), "post.created"],
      [channels.userActivity(alice.id), "activity.recorded"],
    ]);
    const received = await bobsFeed.waitForEvents(channels.feed(), 1);
    expect(received.at(-1)).toMatchObject({ type: "post.created", data: { post: { id: post.id, title: "Hello feed" } } });
  });

  it("editing publishes post.updated to the feed and the post page, once each, and marks it edited", async () => {
    const alice = await createUser();
    const post = await callerFor(alice).posts.create({ title: "Draft", body: "v1" });
    const mark = await outboxMark();

    const edited = await callerFor(alice).posts.update({ id: post.id, title: "Final", body: "v2" });

    expect(edited).toMatchObject({ title: "Final", body: "v2", editedAt: expect.any(String) });
    expect(await eventsSince(mark)).toEqual([
      [channels.feed(), "post.updated"],
      [channels.post(post.id), "post.updated"],
      [channels.userActivity(alice.id), "activity.recorded"],
    ]);
  });

  it("deleting publishes post.deleted to the feed and the post page, once each", async () => {
    const alice = await createUser();
    const post = await callerFor(alice).posts.create({ title: "Short-lived", body: "" });
    const mark = await outboxMark();
    await callerFor(alice).posts.delete({ id: post.id });
    expect(await eventsSince(mark)).toEqual([
      [channels.feed(), "post.deleted"],
      [channels.post(post.id), "post.deleted"],
      [channels.userActivity(alice.id), "activity.recorded"],
    ]);
    expect(await db.post.count({ where: { id: post.id } })).toBe(0);
  });

  it("refuses editing or deleting someone else's post and changes nothing; an admin may delete it", async () => {
    const [alice, bob, admin] = await Promise.all([createUser(), createUser(), createUser({ role: "ADMIN" })]);
    const post = await callerFor(alice).posts.create({ title: "Mine", body: "hands off" });
    const before = await db.post.findUniqueOrThrow({ where: { id: post.id } });
    const mark = await outboxMark();

    // One at a time: a refusal started early would reject before anyone awaits it.
    for (const attempt of [
      () => callerFor(bob).posts.update({ id: post.id, title: "Hacked", body: "" }),
      () => callerFor(bob).posts.delete({ id: post.id }),
      () => callerFor(admin).posts.update({ id: post.id, title: "Admins cannot edit", body: "" }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toEqual(before);
    expect(await eventsSince(mark)).toEqual([]);

    await callerFor(admin).posts.delete({ id: post.id });
    expect(await db.post.count({ where: { id: post.id } })).toBe(0);
  });

  it("takes the id the browser chose: a retry gets the same post and no second event; a clash is refused", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const id = crypto.randomUUID();
    const mark = await outboxMark();

    const post = await callerFor(alice).posts.create({ id, title: "Optimistic", body: "" });
    const retried = await callerFor(alice).posts.create({ id, title: "Optimistic", body: "" });

    expect(post.id).toBe(id);
    expect(retried).toEqual(post);
    expect(await eventsSince(mark)).toEqual([
      [channels.feed(), "post.created"],
      [channels.userActivity(alice.id), "activity.recorded"],
    ]);
    await expect(callerFor(bob).posts.create({ id, title: "Mine now", body: "" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(callerFor(bob).posts.create({ id: "not-a-uuid", title: "Hi", body: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await db.post.findUniqueOrThrow({ where: { id } })).toMatchObject({ authorId: alice.id, title: "Optimistic" });
    expect(await eventsSince(mark)).toHaveLength(2);
  });

  it("refuses an empty title with a message for the field, and creates nothing", async () => {
    const alice = await createUser();
    const [posts, mark] = [await db.post.count(), await outboxMark()];
    const error = (await callerFor(alice).posts.create({ title: "   ", body: "x" }).catch((e: unknown) => e)) as TRPCError;
    expect(error.code).toBe("BAD_REQUEST");
    expect((error.cause as unknown as { issues: { path: string[]; message: string }[] }).issues).toContainEqual(
      expect.objectContaining({ path: ["title"], message: "Give your post a title" }),
    );
    await expect(callerFor(null).posts.create({ title: "Hi", body: "" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await db.post.count()).toBe(posts);
    expect(await eventsSince(mark)).toEqual([]);
  });

  it("keeps events small: a long body travels cut, flagged, and whole through the API", async () => {
    const alice = await createUser();
    const body = "🙂".repeat(EVENT_BODY_CHARS + 500);
    const post = await callerFor(alice).posts.create({ title: "Long", body });
    const event = await db.outboxEvent.findFirstOrThrow({ where: { channel: channels.feed(), type: "post.created" }, orderBy: { id: "desc" } });
    const data = event.payload as { post: { body: string; bodyTruncated: boolean } };
    expect(data.post.bodyTruncated).toBe(true);
    expect(Array.from(data.post.body)).toHaveLength(EVENT_BODY_CHARS);
    expect(Buffer.byteLength(JSON.stringify(event.payload))).toBeLessThan(MAX_EVENT_BYTES);
    expect((await callerFor(alice).posts.get({ id: post.id })).post.body).toBe(body);
  });

  it("lists newest first with a cursor and the feed's event id from the same snapshot", async () => {
    const alice = await createUser();
    const made = [];
    for (const title of ["p1", "p2", "p3"]) made.push(await callerFor(alice).posts.create({ title, body: "" }));
    const first = await callerFor(alice).posts.list({ limit: 2 });
    expect(first.items.map((p) => p.title)).toEqual(["p3", "p2"]);
    const feedHead = await db.channelSequence.findUniqueOrThrow({ where: { channel: channels.feed() } });
    expect(first.head).toBe(Number(feedHead.lastSeq));
    const second = await callerFor(alice).posts.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items[0]!.title).toBe("p1");
  });
});

describe("comments", () => {
  it("a comment goes live to the post page and notifies the post's followers: its author, and earlier commenters", async () => {
    const [alice, bob, carol] = await Promise.all([createUser(), createUser({ name: "Bob" }), createUser()]);
    const post = await callerFor(alice).posts.create({ title: "Thoughts?", body: "" });
    const [alicesTab, bobsTab, carolsTab] = [client(alice), client(bob), client(carol)];
    await Promise.all([
      alicesTab.subscribe(channels.user(alice.id)),
      bobsTab.subscribe(channels.user(bob.id)),
      carolsTab.subscribe(channels.user(carol.id)),
      carolsTab.subscribe(channels.post(post.id)),
    ]);

    const comment = await callerFor(bob).posts.addComment({ postId: post.id, body: "Nice one" });

    const [onPage] = await carolsTab.waitForEvents(channels.post(post.id), 1);
    expect(onPage).toMatchObject({ type: "comment.created", data: { comment: { id: comment.id, body: "Nice one" }, commentCount: 1 } });
    const [notified] = await alicesTab.waitForEvents(channels.user(alice.id), 1);
    expect(notified).toMatchObject({
      type: "notification.created",
      data: { notification: { type: "post.commented", title: "Bob commented on “Thoughts?”", body: "Nice one", link: `/posts/${post.id}` } },
    });

    // Alice answering on her own post does not notify her; Bob follows the
    // post since he commented, Carol (only reading) got nothing.
    await callerFor(alice).posts.addComment({ postId: post.id, body: "Thanks" });
    await carolsTab.waitForEvents(channels.post(post.id), 2);
    const [reply] = await bobsTab.waitForEvents(channels.user(bob.id), 1);
    expect(reply).toMatchObject({ data: { notification: { type: "post.reply", body: "Thanks" } } });
    await new Promise((r) => setTimeout(r, 200));
    expect(carolsTab.events(channels.user(carol.id))).toEqual([]);
    expect(alicesTab.events(channels.user(alice.id))).toHaveLength(1);
    expect(await db.notification.count({ where: { recipientId: { in: [bob.id, carol.id] } } })).toBe(1);
  });

  it("takes the comment id the browser chose, once", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const post = await callerFor(alice).posts.create({ title: "Ask me", body: "" });
    const id = crypto.randomUUID();
    const mark = await outboxMark();

    const first = await callerFor(bob).posts.addComment({ id, postId: post.id, body: "Hello" });
    const again = await callerFor(bob).posts.addComment({ id, postId: post.id, body: "Hello" });

    expect(first.id).toBe(id);
    expect(again).toEqual(first);
    expect(await db.comment.count({ where: { postId: post.id } })).toBe(1);
    expect((await eventsSince(mark)).filter(([, type]) => type === "comment.created")).toHaveLength(1);
    expect(await db.notification.count({ where: { recipientId: alice.id } })).toBe(1);
  });

  it("refuses comments on a missing post and deleting someone else's comment", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const post = await callerFor(alice).posts.create({ title: "t", body: "" });
    const comment = await callerFor(alice).posts.addComment({ postId: post.id, body: "mine" });
    await expect(callerFor(bob).posts.addComment({ postId: "no-such-post", body: "hi" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(bob).posts.deleteComment({ id: comment.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.comment.count({ where: { id: comment.id } })).toBe(1);
    await callerFor(alice).posts.deleteComment({ id: comment.id });
    expect((await callerFor(bob).posts.get({ id: post.id })).comments).toEqual([]);
  });
});
