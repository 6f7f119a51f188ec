// Reactions: toggled on and off, counted per emoji with who
// reacted; refused (and nothing written) for people who cannot see the
// subject; heard in order on the subject's channels through the outbox; a
// burst of 100 people ends with the right count, in the database, on the wire
// and in the browser's store (which applies the burst as one update).
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import type { EventEnvelope } from "@/lib/events";
import { ReactionStore } from "@/lib/reactions/reaction-store";
import { callerFor } from "../helpers/callers";
import { addToRoom } from "../helpers/invitations";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client: tab } = liveHarness();

async function reactionEvents(channel: string) {
  return (await db.outboxEvent.findMany({ where: { channel }, orderBy: { seq: "asc" } })).filter(
    (e) => e.type === "reaction.changed",
  );
}

describe("reactions on a room message", () => {
  it("toggle on and off, counted per emoji with who reacted", async () => {
    const [alice, bob, carol] = await Promise.all([
      createUser({ name: "Alice" }),
      createUser({ name: "Bob" }),
      createUser({ name: "Carol" }),
    ]);
    const room = await callerFor(alice).rooms.create({ name: "Reacting", visibility: "PUBLIC" });
    const { message } = await callerFor(alice).rooms.send({ roomId: room.id, body: "Lunch?" });
    const subject = { kind: "message" as const, id: message.id };

    expect(await callerFor(bob).reactions.toggle({ subject, emoji: "👍" })).toMatchObject({
      subject,
      emoji: "👍",
      count: 1,
      reacted: true,
      user: { id: bob.id, name: "Bob" },
    });
    expect(await callerFor(carol).reactions.toggle({ subject, emoji: "👍" })).toMatchObject({ count: 2, reacted: true });
    expect(await callerFor(alice).reactions.toggle({ subject, emoji: "🎉" })).toMatchObject({ count: 1, reacted: true });

    // Per emoji, in the picker's order; names are the others, `mine` is the asker's own.
    const [summary] = await callerFor(alice).reactions.list({ kind: "message", ids: [message.id] });
    expect(summary).toMatchObject({
      id: message.id,
      reactions: [
        { emoji: "👍", count: 2, mine: false, names: ["Bob", "Carol"] },
        { emoji: "🎉", count: 1, mine: true, names: [] },
      ],
    });
    const [asBob] = await callerFor(bob).reactions.list({ kind: "message", ids: [message.id] });
    expect(asBob!.reactions[0]).toEqual({ emoji: "👍", count: 2, mine: true, names: ["Carol"] });

    // Off again: the count goes down, and an emoji nobody has left is gone.
    expect(await callerFor(bob).reactions.toggle({ subject, emoji: "👍" })).toMatchObject({ count: 1, reacted: false });
    expect(await callerFor(alice).reactions.toggle({ subject, emoji: "🎉" })).toMatchObject({ count: 0, reacted: false });
    const [after] = await callerFor(alice).reactions.list({ kind: "message", ids: [message.id] });
    expect(after!.reactions).toEqual([{ emoji: "👍", count: 1, mine: false, names: ["Carol"] }]);
    expect(await db.reaction.count({ where: { subjectId: message.id } })).toBe(1);

    // Each toggle wrote one event on the room's channel, numbered in order.
    const events = await reactionEvents(channels.room(room.id));
    expect(events.map((e) => (e.payload as { count: number }).count)).toEqual([1, 2, 1, 1, 0]);
    expect(events.map((e) => (e.payload as { version: number }).version)).toEqual(events.map((e) => Number(e.seq)));

    // Deleting the message takes its reactions with it.
    await callerFor(alice).rooms.deleteMessage({ id: message.id });
    expect(await db.reaction.count({ where: { subjectId: message.id } })).toBe(0);
  });

  it("are refused to people who cannot see the room, and for emoji outside the set; nothing is written", async () => {
    const [owner, member, stranger] = await Promise.all([createUser(), createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Members only", visibility: "PRIVATE" });
    await addToRoom(owner, room.id, member);
    const { message } = await callerFor(owner).rooms.send({ roomId: room.id, body: "secret" });
    await callerFor(member).reactions.toggle({ subject: { kind: "message", id: message.id }, emoji: "❤️" });
    const before = { reactions: await db.reaction.count(), events: (await reactionEvents(channels.room(room.id))).length };

    await expect(
      callerFor(stranger).reactions.toggle({ subject: { kind: "message", id: message.id }, emoji: "❤️" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Nor can they read who reacted: the message is left out as if it did not exist.
    expect(await callerFor(stranger).reactions.list({ kind: "message", ids: [message.id] })).toEqual([]);
    // Missing subjects and signed-out callers are refused the same way.
    await expect(
      callerFor(member).reactions.toggle({ subject: { kind: "post", id: "no-such-post" }, emoji: "👍" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      callerFor(null).reactions.toggle({ subject: { kind: "message", id: message.id }, emoji: "👍" }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // Only the fixed set, only known kinds.
    for (const input of [
      { subject: { kind: "message", id: message.id }, emoji: "💩" },
      { subject: { kind: "message", id: message.id }, emoji: "" },
      { subject: { kind: "document", id: message.id }, emoji: "👍" },
    ]) {
      await expect(callerFor(member).reactions.toggle(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await db.reaction.count()).toBe(before.reactions);
    expect(await reactionEvents(channels.room(room.id))).toHaveLength(before.events);

    // A member removed from the room is refused from then on.
    await callerFor(owner).rooms.removeMember({ roomId: room.id, userId: member.id });
    await expect(
      callerFor(member).reactions.toggle({ subject: { kind: "message", id: message.id }, emoji: "❤️" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reach a pusher-js client on the room's channel, in order", async () => {
    const [alice, bob] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" })]);
    const room = await callerFor(alice).rooms.create({ name: "Live", visibility: "PUBLIC" });
    const { message } = await callerFor(alice).rooms.send({ roomId: room.id, body: "hi" });
    const bobsTab = tab(bob);
    const channel = channels.room(room.id);
    expect(await bobsTab.subscribe(channel)).toEqual({ ok: true });

    const subject = { kind: "message" as const, id: message.id };
    await callerFor(alice).reactions.toggle({ subject, emoji: "👍" });
    await callerFor(alice).reactions.toggle({ subject, emoji: "😂" });
    await callerFor(alice).reactions.toggle({ subject, emoji: "👍" });

    const received = await bobsTab.waitForEvents(channel, 3);
    expect(received.map((e) => [e.type, (e.data as { emoji: string }).emoji, (e.data as { count: number }).count])).toEqual([
      ["reaction.changed", "👍", 1],
      ["reaction.changed", "😂", 1],
      ["reaction.changed", "👍", 0],
    ]);
    expect(received[2]).toMatchObject({ data: { subject, reacted: false, user: { id: alice.id, name: "Alice" } } });
    expect(received.map((e) => e.id)).toEqual([...received.map((e) => e.id)].sort((a, b) => a - b));
  });
});

describe("reactions on a direct message", () => {
  it("participants react and hear it on the conversation's channel; anyone else is refused, and deleting the message takes its reactions", async () => {
    const [alice, bob, stranger] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" }), createUser()]);
    const { id: conversationId } = await callerFor(alice).conversations.start({ participantIds: [bob.id] });
    const { message } = await callerFor(alice).conversations.send({ conversationId, body: "Coffee?" });
    const subject = { kind: "conversationMessage" as const, id: message.id };
    const alicesTab = tab(alice);
    const channel = channels.conversation(conversationId);
    expect(await alicesTab.subscribe(channel)).toEqual({ ok: true });

    expect(await callerFor(bob).reactions.toggle({ subject, emoji: "🎉" })).toMatchObject({ count: 1, reacted: true, user: { id: bob.id } });
    const heard = () => alicesTab.events(channel).find((e) => e.type === "reaction.changed");
    await expect.poll(heard, { timeout: 10_000 }).toBeDefined();
    expect(heard()).toMatchObject({ type: "reaction.changed", data: { subject, emoji: "🎉", count: 1, user: { name: "Bob" } } });
    expect(await callerFor(alice).reactions.list({ kind: "conversationMessage", ids: [message.id] })).toMatchObject([
      { id: message.id, reactions: [{ emoji: "🎉", count: 1, mine: false, names: ["Bob"] }] },
    ]);

    // Not in the conversation: refused, nothing written, and who reacted is not theirs to read.
    const before = await db.reaction.count({ where: { subjectId: message.id } });
    await expect(callerFor(stranger).reactions.toggle({ subject, emoji: "👍" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await callerFor(stranger).reactions.list({ kind: "conversationMessage", ids: [message.id] })).toEqual([]);
    expect(await db.reaction.count({ where: { subjectId: message.id } })).toBe(before);

    // The message's reactions go with it.
    await db.conversationMessage.delete({ where: { id: message.id } });
    expect(await db.reaction.count({ where: { subjectId: message.id } })).toBe(0);
  });
});

describe("reactions on posts and comments", () => {
  it("go to the feed and the post's channel for a post, the post's channel for a comment", async () => {
    const [alice, bob] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" })]);
    const post = await callerFor(alice).posts.create({ title: "Reactions", body: "React to me" });
    const comment = await callerFor(alice).posts.addComment({ postId: post.id, body: "and to me" });

    const feedBefore = (await reactionEvents(channels.feed())).length;
    const onPost = await callerFor(bob).reactions.toggle({ subject: { kind: "post", id: post.id }, emoji: "❤️" });
    await callerFor(bob).reactions.toggle({ subject: { kind: "comment", id: comment.id }, emoji: "😮" });

    const feedEvents = await reactionEvents(channels.feed());
    expect(feedEvents).toHaveLength(feedBefore + 1);
    expect(feedEvents.at(-1)!.payload).toMatchObject({ subject: { kind: "post", id: post.id }, count: 1 });
    // The post's page hears both; the version is the feed's number for posts.
    const postEvents = await reactionEvents(channels.post(post.id));
    expect(postEvents.map((e) => e.payload)).toMatchObject([
      { subject: { kind: "post", id: post.id }, emoji: "❤️", count: 1, version: onPost.version },
      { subject: { kind: "comment", id: comment.id }, emoji: "😮", count: 1 },
    ]);
    expect(onPost.version).toBe(Number(feedEvents.at(-1)!.seq));

    // A page of posts in one query; a post without reactions has none.
    const other = await callerFor(bob).posts.create({ title: "Quiet", body: "nobody reacts" });
    const summaries = await callerFor(alice).reactions.list({ kind: "post", ids: [post.id, other.id] });
    expect(summaries).toMatchObject([
      { id: post.id, reactions: [{ emoji: "❤️", count: 1, mine: false, names: ["Bob"] }] },
      { id: other.id, reactions: [] },
    ]);
    expect((await callerFor(alice).reactions.list({ kind: "comment", ids: [comment.id] }))[0]!.reactions).toEqual([
      { emoji: "😮", count: 1, mine: false, names: ["Bob"] },
    ]);

    // Deleting the post takes its reactions and its comments' with it.
    await callerFor(alice).posts.delete({ id: post.id });
    expect(await db.reaction.count({ where: { subjectId: { in: [post.id, comment.id] } } })).toBe(0);
  });

  it("a burst of 100 people ends with the right count everywhere, applied by the browser's store in one update", async () => {
    const author = await createUser({ name: "Author" });
    const people = await Promise.all(Array.from({ length: 100 }, (_, i) => createUser({ name: `Fan ${i + 1}` })));
    const post = await callerFor(author).posts.create({ title: "Popular", body: "react!" });
    const channel = channels.post(post.id);
    const readersTab = tab(author);
    expect(await readersTab.subscribe(channel)).toEqual({ ok: true });

    // The reader's page loaded before the burst.
    const [loaded] = await callerFor(author).reactions.list({ kind: "post", ids: [post.id] });
    let flushes: (() => void)[] = [];
    const store = new ReactionStore({
      viewerId: author.id,
      load: () => Promise.resolve([loaded!]),
      schedule: (fn) => void flushes.push(fn),
    });
    store.want("post", post.id);
    await new Promise((r) => setTimeout(r, 10));
    flushes.forEach((f) => f());
    flushes = [];
    expect(store.get("post", post.id)).toEqual([]);
    const notifiedBefore = store.notifications;

    // All at once, as a hundred people clicking within a second would.
    const answers = await Promise.all(
      people.map((p) => callerFor(p).reactions.toggle({ subject: { kind: "post", id: post.id }, emoji: "🎉" })),
    );
    expect(answers.map((a) => a.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    const received = await readersTab.waitForEvents(channel, 100, 30_000);
    // In channel order the counts only grow: each was counted under the channel's lock.
    expect(received.map((e) => (e.data as { count: number }).count)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    // The browser's store gets them all within one frame, and each twice (a
    // duplicate delivery, a catch-up replay): one update, exact.
    for (const event of [...received, ...received]) expect(store.applyEvent(event as EventEnvelope)).toBe(true);
    expect(flushes).toHaveLength(1);
    flushes.forEach((f) => f());
    expect(store.notifications).toBe(notifiedBefore + 1);
    const firstFive = received.slice(0, 5).map((e) => (e.data as { user: { name: string } }).user.name);
    expect(store.get("post", post.id)).toEqual([{ emoji: "🎉", count: 100, mine: false, names: firstFive }]);

    const [final] = await callerFor(author).reactions.list({ kind: "post", ids: [post.id] });
    expect(final!.reactions).toMatchObject([{ emoji: "🎉", count: 100, mine: false }]);
    expect(await db.reaction.count({ where: { subjectId: post.id } })).toBe(100);
  });
});
