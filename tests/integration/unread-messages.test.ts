// Unread counts and newest messages, live: the chat summary (rooms and
// conversations) counts from one read position per person, and each new
// message reaches the own channel of everyone who follows the room or takes
// part in the conversation ("chat.activity"), so every tab's lists reorder
// and count; reading in one tab clears the count in the others ("chat.read").
import { describe, expect, it } from "vitest";
import { chatsWithEvent, unreadTotal, type ChatSummaryData } from "@/lib/conversations/chat-cache";
import type { EventEnvelope } from "@/lib/events";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { addToRoom } from "../helpers/invitations";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client: tab } = liveHarness();

/** The person's chat events a tab has received, once there are `count` (other events on the channel: notifications). */
async function chatEvents(t: ReturnType<typeof tab>, userId: string, count: number): Promise<EventEnvelope[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const chat = t.events(channels.user(userId)).filter((e) => e.type.startsWith("chat."));
    if (chat.length >= count || Date.now() > deadline) return chat;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the chat summary", () => {
  it("counts unread messages per conversation and followed room from one read position each, newest activity first", async () => {
    const [alice, bob, carol] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" }), createUser({ name: "Carol" })]);
    const dm = await callerFor(alice).conversations.start({ participantIds: [bob.id] });
    const group = await callerFor(carol).conversations.start({ participantIds: [alice.id, bob.id] });
    const room = await callerFor(bob).rooms.create({ name: "Private talk", visibility: "PRIVATE" });
    await addToRoom(bob, room.id, alice);

    await callerFor(bob).conversations.send({ conversationId: dm.id, body: "one" });
    await callerFor(bob).conversations.send({ conversationId: dm.id, body: "two" });
    await callerFor(bob).rooms.send({ roomId: room.id, body: "in the room" });
    await callerFor(carol).conversations.send({ conversationId: group.id, body: "group hello" });
    await callerFor(alice).conversations.send({ conversationId: group.id, body: "my own" });

    const summary = await callerFor(alice).conversations.summary();
    expect(summary.conversations.map((c) => [c.title, c.unread, c.lastMessage?.body])).toEqual([
      ["Bob, Carol", 0, "my own"], // her own reply read the group
      ["Bob", 2, "two"],
    ]);
    expect(summary.rooms.find((r) => r.id === room.id)).toMatchObject({ unread: 1, lastMessage: { body: "in the room", author: { name: "Bob" } } });
    expect(unreadTotal(summary)).toBe(3);
    // One read position per person per conversation: no row per message.
    expect(await db.conversationParticipant.count({ where: { userId: alice.id } })).toBe(2);

    const newest = (await callerFor(alice).conversations.open({ conversationId: dm.id })).messages.at(-1)!;
    await callerFor(alice).conversations.markRead({ kind: "conversation", id: dm.id, messageId: newest.id });
    const roomMessage = (await callerFor(alice).rooms.open({ roomId: room.id })).messages.at(-1)!;
    await callerFor(alice).conversations.markRead({ kind: "room", id: room.id, messageId: roomMessage.id });
    expect(unreadTotal(await callerFor(alice).conversations.summary())).toBe(0);
    expect(await db.roomRead.count({ where: { userId: alice.id } })).toBe(1);

    // Positions only move forward: reading an older message again changes nothing.
    const oldest = (await callerFor(alice).conversations.open({ conversationId: dm.id })).messages[0]!;
    expect(await callerFor(alice).conversations.markRead({ kind: "conversation", id: dm.id, messageId: oldest.id })).toEqual({ moved: false });
    // Another conversation's or room's message is no position here.
    await expect(
      callerFor(alice).conversations.markRead({ kind: "room", id: room.id, messageId: newest.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is kept live in every tab: new messages reorder and count, reading in one tab clears the others", async () => {
    const [alice, bob] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" })]);
    const dm = await callerFor(alice).conversations.start({ participantIds: [bob.id] });
    const room = await callerFor(alice).rooms.create({ name: "Open room", visibility: "PUBLIC" });
    await callerFor(bob).rooms.send({ roomId: room.id, body: "first" });
    // Alice reads the room once: she follows it from now on.
    const first = (await callerFor(alice).rooms.open({ roomId: room.id })).messages[0]!;
    await callerFor(alice).conversations.markRead({ kind: "room", id: room.id, messageId: first.id });

    // Two tabs of Alice's, each with the summary and the events after its head.
    let tabs: ChatSummaryData[] = [await callerFor(alice).conversations.summary(), await callerFor(alice).conversations.summary()];
    const head = tabs[0]!.head;
    const tabA = tab(alice);
    const tabB = tab(alice);
    for (const t of [tabA, tabB]) expect(await t.subscribe(channels.user(alice.id))).toEqual({ ok: true });
    const apply = (events: EventEnvelope[]) => {
      tabs = tabs.map((data) => events.filter((e) => e.id > head).reduce((d, e) => chatsWithEvent(d, e, alice.id, null), data));
    };

    await callerFor(bob).conversations.send({ conversationId: dm.id, body: "psst" });
    await callerFor(bob).rooms.send({ roomId: room.id, body: "second" });
    const arrived = await chatEvents(tabA, alice.id, 2);
    await chatEvents(tabB, alice.id, 2);
    expect(arrived.map((e) => e.type)).toEqual(["chat.activity", "chat.activity"]);
    apply(arrived);
    for (const data of tabs) {
      expect(data.conversations[0]).toMatchObject({ id: dm.id, unread: 1, lastMessage: { body: "psst" } });
      expect(data.rooms[0]).toMatchObject({ id: room.id, unread: 1, lastMessage: { body: "second" } });
      expect(unreadTotal(data)).toBe(2);
    }
    // The same event again (a replayed snapshot) counts nothing twice.
    apply(arrived);
    expect(unreadTotal(tabs[0])).toBe(2);

    // Reading the conversation in tab A: tab B hears it on Alice's own channel.
    const psst = (await callerFor(alice).conversations.open({ conversationId: dm.id })).messages.at(-1)!;
    await callerFor(alice).conversations.markRead({ kind: "conversation", id: dm.id, messageId: psst.id });
    const all = await chatEvents(tabB, alice.id, 3);
    expect(all[2]).toMatchObject({ type: "chat.read", data: { kind: "conversation", id: dm.id, messageId: psst.id, unread: 0 } });
    apply(all);
    for (const data of tabs) {
      expect(data.conversations[0]!.unread).toBe(0);
      expect(unreadTotal(data)).toBe(1);
    }
    // The summary a new tab loads agrees.
    expect(unreadTotal(await callerFor(alice).conversations.summary())).toBe(1);
  });

  it("tells nobody about a private room they were removed from, even after reading it", async () => {
    const [owner, alice] = await Promise.all([createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Inner circle", visibility: "PRIVATE" });
    await addToRoom(owner, room.id, alice);
    const { message } = await callerFor(owner).rooms.send({ roomId: room.id, body: "welcome" });
    await callerFor(alice).conversations.markRead({ kind: "room", id: room.id, messageId: message.id });
    await callerFor(owner).rooms.removeMember({ roomId: room.id, userId: alice.id });
    const before = await db.outboxEvent.count({ where: { channel: channels.user(alice.id), type: "chat.activity" } });
    await callerFor(owner).rooms.send({ roomId: room.id, body: "secret after she left" });
    expect(await db.outboxEvent.count({ where: { channel: channels.user(alice.id), type: "chat.activity" } })).toBe(before);
    expect((await callerFor(alice).conversations.summary()).rooms.map((r) => r.id)).not.toContain(room.id);
  });

  it("tells nobody about a public room nobody follows, and not other people's conversations", async () => {
    const [alice, bob, eve] = await Promise.all([createUser(), createUser(), createUser()]);
    const room = await callerFor(alice).rooms.create({ name: "Lobby", visibility: "PUBLIC" });
    const dm = await callerFor(alice).conversations.start({ participantIds: [bob.id] });
    await callerFor(bob).rooms.send({ roomId: room.id, body: "hello lobby" });
    await callerFor(bob).conversations.send({ conversationId: dm.id, body: "private" });
    expect(await db.outboxEvent.count({ where: { channel: channels.user(eve.id) } })).toBe(0);
    const eves = await callerFor(eve).conversations.summary();
    expect(eves.conversations).toEqual([]);
    // She sees the public room and its newest message, with nothing unread (she does not follow it).
    expect(eves.rooms.find((r) => r.id === room.id)).toMatchObject({ unread: 0, lastMessage: { body: "hello lobby" } });
  });
});
