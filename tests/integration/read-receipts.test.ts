// Read receipts: in conversations and small private rooms, each person's
// read position (one per person, moved forward only) travels as an event on
// the conversation's or room's channel, so "Seen by" moves live; public
// rooms and larger ones have none.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { RECEIPTS_MAX_MEMBERS } from "@/server/conversations/read-positions";
import { readersByMessage } from "@/components/chat/seen-by";
import { callerFor } from "../helpers/callers";
import { addToRoom } from "../helpers/invitations";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client: tab } = liveHarness();

describe("read receipts", () => {
  it("in a conversation: each participant's newest read message, live on its channel", async () => {
    const [alice, bob, carol] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" }), createUser({ name: "Carol" })]);
    const { id } = await callerFor(alice).conversations.start({ participantIds: [bob.id, carol.id] });
    const { message: first } = await callerFor(alice).conversations.send({ conversationId: id, body: "first" });
    const { message: second } = await callerFor(alice).conversations.send({ conversationId: id, body: "second" });
    const alicesTab = tab(alice);
    expect(await alicesTab.subscribe(channels.conversation(id))).toEqual({ ok: true });
    const head = (await callerFor(alice).conversations.open({ conversationId: id })).head;

    await callerFor(bob).conversations.markRead({ kind: "conversation", id, messageId: second.id });
    await callerFor(carol).conversations.markRead({ kind: "conversation", id, messageId: first.id });
    const events = await alicesTab.waitForEvents(channels.conversation(id), 2);
    expect(events.map((e) => [e.id > head, e.type, e.data])).toEqual([
      [true, "conversation.read", { reader: { id: bob.id, name: "Bob" }, messageId: second.id }],
      [true, "conversation.read", { reader: { id: carol.id, name: "Carol" }, messageId: first.id }],
    ]);

    const { reads } = await callerFor(alice).conversations.open({ conversationId: id });
    const seen = readersByMessage(reads, alice.id);
    expect(seen.get(second.id)?.map((r) => r.name)).toEqual(["Bob"]);
    expect(seen.get(first.id)?.map((r) => r.name)).toEqual(["Carol"]);
    // Stored as one position per person, not a row per message read.
    expect(await db.conversationParticipant.findMany({ where: { conversationId: id }, select: { userId: true, lastReadMessageId: true } })).toHaveLength(3);
  });

  it("in small private rooms only: their members' positions, live on the room's channel", async () => {
    const [owner, member] = await Promise.all([createUser({ name: "Owner" }), createUser({ name: "Member" })]);
    const room = await callerFor(owner).rooms.create({ name: "Small", visibility: "PRIVATE" });
    await addToRoom(owner, room.id, member);
    const { message } = await callerFor(owner).rooms.send({ roomId: room.id, body: "did you see this?" });
    const ownersTab = tab(owner);
    expect(await ownersTab.subscribe(channels.room(room.id))).toEqual({ ok: true });

    await callerFor(member).conversations.markRead({ kind: "room", id: room.id, messageId: message.id });
    const [event] = await ownersTab.waitForEvents(channels.room(room.id), 1);
    expect(event).toMatchObject({ type: "room.read", data: { reader: { id: member.id, name: "Member" }, messageId: message.id } });
    expect(await callerFor(owner).conversations.roomReads({ roomId: room.id })).toEqual({
      enabled: true,
      reads: [{ reader: { id: member.id, name: "Member" }, messageId: message.id }],
    });

    // Public rooms (no member list) and rooms past the size show none, and send none.
    const lobby = await callerFor(owner).rooms.create({ name: "Lobby", visibility: "PUBLIC" });
    const { message: hello } = await callerFor(owner).rooms.send({ roomId: lobby.id, body: "hello" });
    await callerFor(member).conversations.markRead({ kind: "room", id: lobby.id, messageId: hello.id });
    expect(await callerFor(owner).conversations.roomReads({ roomId: lobby.id })).toEqual({ enabled: false, reads: [] });
    expect(await db.outboxEvent.count({ where: { channel: channels.room(lobby.id), type: "room.read" } })).toBe(0);

    const big = await callerFor(owner).rooms.create({ name: "Big", visibility: "PRIVATE" });
    const crowd = await Promise.all(Array.from({ length: RECEIPTS_MAX_MEMBERS }, () => createUser()));
    await db.roomMember.createMany({ data: crowd.map((u) => ({ roomId: big.id, userId: u.id })) });
    const { message: announcement } = await callerFor(owner).rooms.send({ roomId: big.id, body: "all hands" });
    await callerFor(crowd[0]!).conversations.markRead({ kind: "room", id: big.id, messageId: announcement.id });
    expect(await callerFor(owner).conversations.roomReads({ roomId: big.id })).toEqual({ enabled: false, reads: [] });
    expect(await db.outboxEvent.count({ where: { channel: channels.room(big.id), type: "room.read" } })).toBe(0);

    // Strangers get nothing of a private room's receipts.
    const stranger = await createUser();
    await expect(callerFor(stranger).conversations.roomReads({ roomId: room.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(stranger).conversations.markRead({ kind: "room", id: room.id, messageId: message.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
