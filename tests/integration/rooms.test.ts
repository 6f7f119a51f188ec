// Rooms: a message is stored before it is broadcast, and broadcast once;
// private rooms refuse non-members (data and presence channel); the message
// rate limit refuses the 11th message of a window and stores nothing; the
// agenda's concurrent moves converge for every viewer to the database order.
import { describe, expect, it, vi } from "vitest";
import type { PresenceChannel } from "pusher-js";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { agendaWithEvent as applyAgenda, compareAgenda } from "@/lib/rooms/room-cache";
import { callerFor } from "../helpers/callers";
import { addToRoom } from "../helpers/invitations";
import { requestChannelAuth } from "../helpers/channel-auth";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client: tab } = liveHarness();

async function roomEvents(roomId: string) {
  return db.outboxEvent.findMany({ where: { channel: channels.room(roomId) }, orderBy: { seq: "asc" } });
}

describe("messages", () => {
  it("are stored before they are broadcast, and broadcast exactly once", async () => {
    const [alice, bob] = await Promise.all([createUser({ name: "Alice Liddell" }), createUser()]);
    const room = await callerFor(alice).rooms.create({ name: "General", visibility: "PUBLIC" });
    const bobsTab = tab(bob);
    expect(await bobsTab.subscribe(channels.room(room.id))).toEqual({ ok: true });

    // At the moment the event arrives, the row must already be readable.
    const storedOnArrival: Promise<number> = new Promise((resolve) => {
      bobsTab.pusher.channel(channels.room(room.id))!.bind("message.created", (data: { data: { message: { id: string } } }) => {
        void db.message.count({ where: { id: data.data.message.id } }).then(resolve);
      });
    });

    const { message } = await callerFor(alice).rooms.send({ roomId: room.id, body: "  <b>Hello</b> room  " });
    expect(message).toMatchObject({ body: "<b>Hello</b> room", author: { id: alice.id, name: "Alice Liddell" } });

    const [received] = await bobsTab.waitForEvents(channels.room(room.id), 1);
    expect(received).toMatchObject({ type: "message.created", data: { message: { id: message.id, body: "<b>Hello</b> room" } } });
    expect(await storedOnArrival).toBe(1);
    // Nothing else follows: one event in the outbox, one delivery.
    await new Promise((r) => setTimeout(r, 300));
    expect(bobsTab.events(channels.room(room.id))).toHaveLength(1);
    expect((await roomEvents(room.id)).map((e) => e.type)).toEqual(["message.created"]);

    // The room page loads it, with the channel's event id from the same snapshot.
    const opened = await callerFor(bob).rooms.open({ roomId: room.id });
    expect(opened.messages.map((m) => m.id)).toEqual([message.id]);
    expect(opened.head).toBe(1);
  });

  it("edits by the author and deletes by the author or the room's owner, each with one event", async () => {
    const [owner, alice, bob] = await Promise.all([createUser(), createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Edits", visibility: "PUBLIC" });
    const { message } = await callerFor(alice).rooms.send({ roomId: room.id, body: "tpyo" });
    await expect(callerFor(bob).rooms.editMessage({ id: message.id, body: "hijack" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(bob).rooms.deleteMessage({ id: message.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const edited = await callerFor(alice).rooms.editMessage({ id: message.id, body: "typo" });
    expect(edited).toMatchObject({ body: "typo", editedAt: expect.any(String) });
    await callerFor(owner).rooms.deleteMessage({ id: message.id });
    expect((await roomEvents(room.id)).map((e) => e.type)).toEqual(["message.created", "message.updated", "message.deleted"]);
    expect(await db.message.count({ where: { id: message.id } })).toBe(0);
  });

  it("refuses an empty or too long message, and stores nothing", async () => {
    const alice = await createUser();
    const room = await callerFor(alice).rooms.create({ name: "Quiet", visibility: "PUBLIC" });
    for (const body of ["   ", "x".repeat(2_001)]) {
      await expect(callerFor(alice).rooms.send({ roomId: room.id, body })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(0);
    expect(await roomEvents(room.id)).toEqual([]);
  });

  it("pages older messages by keyset, oldest first", async () => {
    const alice = await createUser();
    const room = await callerFor(alice).rooms.create({ name: "History", visibility: "PUBLIC" });
    // Written directly: 35 messages would pass the rate limit.
    for (let i = 1; i <= 35; i++) {
      await db.message.create({ data: { roomId: room.id, authorId: alice.id, body: `m${i}`, createdAt: new Date(Date.now() - (100 - i) * 1000) } });
    }
    const opened = await callerFor(alice).rooms.open({ roomId: room.id });
    expect(opened.messages.map((m) => m.body)).toEqual(Array.from({ length: 30 }, (_, i) => `m${i + 6}`));
    expect(opened.hasOlder).toBe(true);
    const older = await callerFor(alice).rooms.olderMessages({ roomId: room.id, cursor: opened.messages[0]!.id, limit: 30 });
    expect(older).toMatchObject({ hasOlder: false });
    expect(older.messages.map((m) => m.body)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
  });
});

describe("private rooms", () => {
  it("refuse non-members their data, their actions and the presence channel; members get in", async () => {
    const [owner, member, stranger] = await Promise.all([createUser(), createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Secret plans", visibility: "PRIVATE" });
    await addToRoom(owner, room.id, member);
    await callerFor(owner).rooms.addAgendaItem({ roomId: room.id, title: "Item", url: "" });
    const { message } = await callerFor(owner).rooms.send({ roomId: room.id, body: "classified" });
    const before = { messages: await db.message.count(), events: (await roomEvents(room.id)).length };

    // Data and actions: "not found", the same answer as for a room that does not exist.
    const stranger$ = callerFor(stranger).rooms;
    for (const attempt of [
      () => stranger$.open({ roomId: room.id }),
      () => stranger$.olderMessages({ roomId: room.id, cursor: message.id, limit: 10 }),
      () => stranger$.send({ roomId: room.id, body: "let me in" }),
      () => stranger$.members({ roomId: room.id }),
      () => stranger$.addAgendaItem({ roomId: room.id, title: "sneaky", url: "" }),
      () => stranger$.deleteMessage({ id: message.id }),
      () => stranger$.addMember({ roomId: room.id, email: stranger.email }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "NOT_FOUND" });
      expect(String((error as Error).message)).not.toContain("Secret plans");
    }
    await expect(callerFor(stranger).realtime.catchUp({ channel: channels.room(room.id), afterId: 0 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await callerFor(stranger).rooms.list()).map((r) => r.id)).not.toContain(room.id);
    // A member may not manage members; the owner may.
    await expect(callerFor(member).rooms.addMember({ roomId: room.id, email: stranger.email })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect({ messages: await db.message.count(), events: (await roomEvents(room.id)).length }).toEqual(before);

    // The presence channel: the auth route refuses, and Soketi refuses an unsigned join.
    expect((await requestChannelAuth(stranger, channels.room(room.id), "1.2")).status).toBe(403);
    expect((await requestChannelAuth(null, channels.room(room.id), "1.2")).status).toBe(403);
    expect(await tab(stranger).subscribe(channels.room(room.id))).toEqual({ ok: false, status: 403 });

    // Members: data, and a presence subscription that shows who is there.
    expect((await callerFor(member).rooms.open({ roomId: room.id })).messages.map((m) => m.body)).toEqual(["classified"]);
    const membersTab = tab(member);
    expect(await membersTab.subscribe(channels.room(room.id))).toEqual({ ok: true });
    const presence = membersTab.pusher.channel(channels.room(room.id)) as PresenceChannel;
    expect(presence.members.me).toMatchObject({ id: member.id, info: { name: member.name, initials: expect.any(String), joinedAt: expect.any(String) } });

    // Removed: told on the channel (the open page closes the room), then refused.
    await callerFor(owner).rooms.removeMember({ roomId: room.id, userId: member.id });
    const [removal] = await membersTab.waitForEvents(channels.room(room.id), 1);
    expect(removal).toMatchObject({ type: "room.member-removed", data: { userId: member.id } });
    await expect(callerFor(member).rooms.open({ roomId: room.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await requestChannelAuth(member, channels.room(room.id), "1.2")).status).toBe(403);
  });

  it("public rooms are open to every signed-in person", async () => {
    const [owner, anyone] = await Promise.all([createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Lobby", visibility: "PUBLIC" });
    expect((await requestChannelAuth(anyone, channels.room(room.id), "1.2")).status).toBe(200);
    await callerFor(anyone).rooms.send({ roomId: room.id, body: "hi" });
    expect((await callerFor(anyone).rooms.list()).map((r) => r.id)).toContain(room.id);
  });
});

describe("the message rate limit", () => {
  it("refuses the 11th message inside the window with a retry-after, and stores and broadcasts nothing", async () => {
    const alice = await createUser();
    const room = await callerFor(alice).rooms.create({ name: "Chatty", visibility: "PUBLIC" });
    for (let i = 1; i <= 10; i++) await callerFor(alice).rooms.send({ roomId: room.id, body: `message ${i}` });

    const error = await callerFor(alice).rooms.send({ roomId: room.id, body: "one too many" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    const retryAfter = (error as { cause: { retryAfterSeconds: number } }).cause.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect((error as Error).message).toMatch(/Try again in \d+ seconds?/);

    expect(await db.message.count({ where: { roomId: room.id } })).toBe(10);
    expect(await db.message.count({ where: { body: "one too many" } })).toBe(0);
    expect((await roomEvents(room.id)).filter((e) => e.type === "message.created")).toHaveLength(10);

    // Per person and per room: Bob here, and Alice elsewhere, may still send.
    const bob = await createUser();
    await callerFor(bob).rooms.send({ roomId: room.id, body: "my turn" });
    const other = await callerFor(alice).rooms.create({ name: "Elsewhere", visibility: "PUBLIC" });
    await callerFor(alice).rooms.send({ roomId: other.id, body: "still fine" });
  });
  it("slides: a burst at the end of one window and the start of the next cannot pass the limit", async () => {
    const alice = await createUser();
    const room = await callerFor(alice).rooms.create({ name: "Sliding", visibility: "PUBLIC" });
    const send = (body: string) => callerFor(alice).rooms.send({ roomId: room.id, body });
    // Only Date is faked: the limiter's clock, not the timers the database client needs.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const start = Math.ceil(Date.now() / 1000) * 1000 + 100;
      vi.setSystemTime(start);
      await send("early");
      vi.setSystemTime(start + 9_500);
      for (let i = 1; i <= 9; i++) await send(`late ${i}`);
      // A fixed window opened by "early" would have ended; in the sliding one
      // only "early" left, so one more message fits, and then nothing until
      // the nine late ones leave the window too.
      vi.setSystemTime(start + 10_500);
      await send("fits");
      const error = await send("too many").catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS", cause: { retryAfterSeconds: 9 } });
    } finally {
      vi.useRealTimers();
    }
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(11);
  });
});

describe("the agenda", () => {
  it("converges: moves issued at the same moment by two people leave every viewer with the database's order", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const room = await callerFor(alice).rooms.create({ name: "Planning", visibility: "PUBLIC" });
    for (const title of ["A", "B", "C", "D", "E"]) {
      await callerFor(alice).rooms.addAgendaItem({ roomId: room.id, title, url: "" });
    }
    const start = await callerFor(bob).rooms.open({ roomId: room.id });
    expect(start.agenda.map((i) => i.title)).toEqual(["A", "B", "C", "D", "E"]);
    const [alicesTab, bobsTab] = [tab(alice), tab(bob)];
    await Promise.all([alicesTab.subscribe(channels.room(room.id)), bobsTab.subscribe(channels.room(room.id))]);

    const id = (title: string) => start.agenda.find((i) => i.title === title)!.id;
    const moves = await Promise.all([
      callerFor(alice).rooms.moveAgendaItem({ id: id("E"), toIndex: 0 }),
      callerFor(bob).rooms.moveAgendaItem({ id: id("A"), toIndex: 4 }),
      callerFor(alice).rooms.moveAgendaItem({ id: id("C"), toIndex: 1 }),
      callerFor(bob).rooms.moveAgendaItem({ id: id("E"), toIndex: 2 }),
      callerFor(bob).rooms.updateAgendaItem({ id: id("B"), title: "B2", url: "https://example.com/b" }),
    ]);
    const emitted = moves.filter((m) => m.eventId !== null).length;

    const inDb = (await db.agendaItem.findMany({ where: { roomId: room.id } })).sort(compareAgenda);
    for (const client of [alicesTab, bobsTab]) {
      const events = await client.waitForEvents(channels.room(room.id), emitted);
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => start.head + i + 1));
      const seen = events.reduce(applyAgenda, start.agenda);
      expect(seen.map((i) => [i.id, i.title])).toEqual(inDb.map((i) => [i.id, i.title]));
    }
    // The moved events are small diffs: id, from, to and the new key.
    const moved = (await roomEvents(room.id)).filter((e) => e.type === "agenda.moved");
    expect(moved.length).toBeGreaterThan(0);
    expect(Object.keys(moved[0]!.payload as object).sort()).toEqual(["from", "id", "position", "to"]);
  });

  it("refuses links that are not http(s), and edits by strangers of a private room", async () => {
    const [alice, stranger] = await Promise.all([createUser(), createUser()]);
    const room = await callerFor(alice).rooms.create({ name: "Links", visibility: "PRIVATE" });
    await expect(
      callerFor(alice).rooms.addAgendaItem({ roomId: room.id, title: "x", url: "javascript:alert(1)" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const { item } = await callerFor(alice).rooms.addAgendaItem({ roomId: room.id, title: "ok", url: "https://example.com" });
    for (const attempt of [
      () => callerFor(stranger).rooms.moveAgendaItem({ id: item.id, toIndex: 0 }),
      () => callerFor(stranger).rooms.updateAgendaItem({ id: item.id, title: "mine", url: "" }),
      () => callerFor(stranger).rooms.deleteAgendaItem({ id: item.id }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await db.agendaItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ title: "ok" });
  });
});
