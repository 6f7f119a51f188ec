// Direct conversations: started from a person (one-to-one conversations are
// found again, groups hold at most 10), seen by their participants only
// (data, the channel auth route, Soketi and catch-up all refuse others),
// stored before broadcast and broadcast once, rate limited, paged by keyset,
// and a notification, grouped per conversation, for a participant who does
// not have it open (unless they muted it). Their REST operations follow the
// rest of the API (token scopes, error shapes, 429 with Retry-After).
import { describe, expect, it } from "vitest";
import { createAccessToken } from "@/server/access-tokens/tokens";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { requestChannelAuth } from "../helpers/channel-auth";
import { liveHarness } from "../helpers/live-harness";
import { rest } from "../helpers/rest";
import { createUser } from "../helpers/users";

const { client: tab } = liveHarness();

const conversationEvents = (id: string) =>
  db.outboxEvent.findMany({ where: { channel: channels.conversation(id) }, orderBy: { seq: "asc" } });

describe("starting a conversation", () => {
  it("opens the same one-to-one conversation again, makes groups of up to 10, and refuses nonsense", async () => {
    const people = await Promise.all(Array.from({ length: 11 }, (_, i) => createUser({ name: `Person ${i}` })));
    const [alice, bob, carol] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const first = await callerFor(alice).conversations.start({ participantIds: [bob.id] });
    expect(first.created).toBe(true);
    // Either side starting it again finds the same one.
    expect(await callerFor(bob).conversations.start({ participantIds: [alice.id] })).toEqual({ id: first.id, created: false });

    const group = await callerFor(alice).conversations.start({ participantIds: [bob.id, carol.id] });
    expect(group.id).not.toBe(first.id);
    const opened = await callerFor(carol).conversations.open({ conversationId: group.id });
    expect(opened.conversation.participants.map((p) => p.id).sort()).toEqual([alice.id, bob.id, carol.id].sort());
    expect(opened.conversation.title).toBe(`${alice.name}, ${bob.name}`);

    // Ten people at most (the starter and nine others).
    const nine = people.slice(1, 10).map((p) => p.id);
    expect((await callerFor(alice).conversations.start({ participantIds: nine })).created).toBe(true);
    const ten = people.slice(1, 11).map((p) => p.id);
    await expect(callerFor(alice).conversations.start({ participantIds: ten })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(alice).conversations.start({ participantIds: [alice.id] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(alice).conversations.start({ participantIds: ["nobody-here"] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(null).conversations.start({ participantIds: [bob.id] })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("messages", () => {
  it("are stored before they are broadcast on private-conversation.<id>, broadcast once, and loaded with the head", async () => {
    const [alice, bob] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" })]);
    const { id } = await callerFor(alice).conversations.start({ participantIds: [bob.id] });
    const bobsTab = tab(bob);
    expect(await bobsTab.subscribe(channels.conversation(id))).toEqual({ ok: true });
    const storedOnArrival: Promise<number> = new Promise((resolve) => {
      bobsTab.pusher.channel(channels.conversation(id))!.bind("conversation.message-created", (data: { data: { message: { id: string } } }) => {
        void db.conversationMessage.count({ where: { id: data.data.message.id } }).then(resolve);
      });
    });

    const { message } = await callerFor(alice).conversations.send({ conversationId: id, body: "  Hi <b>Bob</b>  " });
    expect(message).toMatchObject({ body: "Hi <b>Bob</b>", conversationId: id, author: { id: alice.id, name: "Alice" } });
    const received = await bobsTab.waitForEvents(channels.conversation(id), 2);
    expect(received.map((e) => e.type)).toEqual(["conversation.message-created", "conversation.read"]);
    expect(await storedOnArrival).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(bobsTab.events(channels.conversation(id))).toHaveLength(2);

    const opened = await callerFor(bob).conversations.open({ conversationId: id });
    expect(opened.messages.map((m) => m.id)).toEqual([message.id]);
    expect(opened.head).toBe(2);
    // The author has read their own message.
    expect(opened.reads).toEqual([{ reader: { id: alice.id, name: "Alice" }, messageId: message.id }]);
  });

  it("are refused to everyone else: data, sending, the auth route, Soketi and catch-up", async () => {
    const [alice, bob, eve, admin] = await Promise.all([createUser(), createUser(), createUser(), createUser({ role: "ADMIN" })]);
    const { id } = await callerFor(alice).conversations.start({ participantIds: [bob.id] });
    const { message } = await callerFor(alice).conversations.send({ conversationId: id, body: "between us" });
    const before = { messages: await db.conversationMessage.count({ where: { conversationId: id } }), events: (await conversationEvents(id)).length };

    for (const outsider of [eve, admin]) {
      const api = callerFor(outsider).conversations;
      for (const attempt of [
        () => api.open({ conversationId: id }),
        () => api.messages({ conversationId: id, limit: 10 }),
        () => api.messages({ conversationId: id, cursor: message.id, limit: 10 }),
        () => api.send({ conversationId: id, body: "let me in" }),
        () => api.markRead({ kind: "conversation", id, messageId: message.id }),
        () => api.viewing({ conversationId: id, viewing: true }),
      ]) {
        await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
      }
      expect((await api.list()).map((c) => c.id)).not.toContain(id);
      for (const channel of [channels.conversation(id), channels.conversationPresence(id)]) {
        expect((await requestChannelAuth(outsider, channel, "1.2")).status).toBe(403);
        await expect(callerFor(outsider).realtime.catchUp({ channel, afterId: 0 })).rejects.toMatchObject({ code: "FORBIDDEN" });
      }
      expect(await tab(outsider).subscribe(channels.conversation(id))).toEqual({ ok: false, status: 403 });
      expect(await tab(outsider).subscribe(channels.conversationPresence(id))).toEqual({ ok: false, status: 403 });
    }
    expect((await requestChannelAuth(null, channels.conversation(id), "1.2")).status).toBe(403);
    expect({ messages: await db.conversationMessage.count({ where: { conversationId: id } }), events: (await conversationEvents(id)).length }).toEqual(before);

    // Participants: the channel, its presence companion (typing) and catch-up.
    const bobsTab = tab(bob);
    expect(await bobsTab.subscribe(channels.conversation(id))).toEqual({ ok: true });
    expect(await bobsTab.subscribe(channels.conversationPresence(id))).toEqual({ ok: true });
    const caught = await callerFor(bob).realtime.catchUp({ channel: channels.conversation(id), afterId: 0 });
    expect(caught.events.map((e) => e.type)).toContain("conversation.message-created");
  });

  it("are rate limited like room messages: the 11th in the window is refused and nothing is stored", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const { id } = await callerFor(alice).conversations.start({ participantIds: [bob.id] });
    for (let i = 1; i <= 10; i++) await callerFor(alice).conversations.send({ conversationId: id, body: `m${i}` });
    const error = await callerFor(alice).conversations.send({ conversationId: id, body: "one too many" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await db.conversationMessage.count({ where: { conversationId: id } })).toBe(10);
    expect((await conversationEvents(id)).filter((e) => e.type === "conversation.message-created")).toHaveLength(10);
  });

  it("page older messages by keyset, oldest first", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const { id } = await callerFor(alice).conversations.start({ participantIds: [bob.id] });
    for (let i = 1; i <= 35; i++) {
      await db.conversationMessage.create({
        data: { conversationId: id, authorId: i % 2 ? alice.id : bob.id, body: `m${i}`, createdAt: new Date(Date.now() - (100 - i) * 1000) },
      });
    }
    const opened = await callerFor(bob).conversations.open({ conversationId: id });
    expect(opened.messages.map((m) => m.body)).toEqual(Array.from({ length: 30 }, (_, i) => `m${i + 6}`));
    expect(opened.hasOlder).toBe(true);
    const older = await callerFor(bob).conversations.messages({ conversationId: id, cursor: opened.messages[0]!.id, limit: 30 });
    expect(older).toMatchObject({ hasOlder: false });
    expect(older.messages.map((m) => m.body)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
  });
});

describe("notifications", () => {
  it("go to participants who do not have it open, grouped per conversation, and not when muted or looking", async () => {
    const [alice, bob, carol] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" }), createUser({ name: "Carol" })]);
    const { id } = await callerFor(alice).conversations.start({ participantIds: [bob.id, carol.id] });
    await callerFor(carol).preferences.mute({ kind: "conversation", targetId: id });
    await callerFor(alice).conversations.send({ conversationId: id, body: "first" });
    await callerFor(alice).conversations.send({ conversationId: id, body: "second" });

    const bobs = await db.notification.findMany({ where: { recipientId: bob.id, parentId: null } });
    expect(bobs).toHaveLength(1);
    expect(bobs[0]).toMatchObject({ type: "conversation.message", groupKey: `conversation:${id}`, groupCount: 2, link: `/messages/${id}` });
    expect(await db.notification.count({ where: { recipientId: carol.id } })).toBe(0);
    expect(await db.notification.count({ where: { recipientId: alice.id } })).toBe(0);

    // Bob opens it: reading clears its entry; while he looks, new messages notify nobody.
    const last = (await callerFor(bob).conversations.open({ conversationId: id })).messages.at(-1)!;
    await callerFor(bob).conversations.viewing({ conversationId: id, viewing: true });
    await callerFor(bob).conversations.markRead({ kind: "conversation", id, messageId: last.id });
    expect(await db.notification.count({ where: { recipientId: bob.id, readAt: null, parentId: null } })).toBe(0);
    await callerFor(alice).conversations.send({ conversationId: id, body: "you are here" });
    expect(await db.notification.count({ where: { recipientId: bob.id, readAt: null } })).toBe(0);
    // He closed it: the next one notifies again.
    await callerFor(bob).conversations.viewing({ conversationId: id, viewing: false });
    await callerFor(alice).conversations.send({ conversationId: id, body: "and now?" });
    expect(await db.notification.count({ where: { recipientId: bob.id, readAt: null, parentId: null } })).toBe(1);
  });
});

describe("REST", () => {
  it("lists conversations, reads messages and sends one, with token scopes and the API's error shapes", async () => {
    const [alice, bob, eve] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" }), createUser()]);
    const { id } = await callerFor(bob).conversations.start({ participantIds: [alice.id] });
    await callerFor(bob).conversations.send({ conversationId: id, body: "ping" });
    const { token } = await createAccessToken({ actor: alice, name: "bot", scopes: ["conversations:read", "conversations:write"] });
    const { token: readOnly } = await createAccessToken({ actor: alice, name: "reader", scopes: ["conversations:read"] });
    const { token: evesToken } = await createAccessToken({ actor: eve, name: "eve", scopes: ["conversations:read", "conversations:write"] });

    const listed = await rest("GET", "/conversations", token);
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual([
      expect.objectContaining({ kind: "conversation", id, title: "Bob", unread: 1, lastMessage: expect.objectContaining({ body: "ping" }) }),
    ]);

    const read = await rest("GET", `/conversations/${id}/messages?limit=10`, token);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ hasOlder: false, messages: [{ body: "ping", author: { name: "Bob" } }] });

    const sent = await rest("POST", `/conversations/${id}/messages`, token, { body: "pong" });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ message: { body: "pong", conversationId: id }, eventId: expect.any(Number) });

    // Scopes, strangers, bad input, no token: the API's usual answers, nothing stored.
    const count = await db.conversationMessage.count({ where: { conversationId: id } });
    const refusedScope = await rest("POST", `/conversations/${id}/messages`, readOnly, { body: "nope" });
    expect(refusedScope.status).toBe(403);
    expect(refusedScope.json).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("conversations:write") });
    expect((await rest("GET", `/conversations/${id}/messages`, evesToken)).status).toBe(404);
    expect((await rest("POST", `/conversations/${id}/messages`, evesToken, { body: "hi" })).status).toBe(404);
    const empty = await rest("POST", `/conversations/${id}/messages`, token, { body: "  " });
    expect(empty.status).toBe(400);
    expect(empty.json).toMatchObject({ code: "BAD_REQUEST", data: { fieldErrors: { body: expect.any(Array) } } });
    expect((await rest("GET", "/conversations", null)).status).toBe(401);
    expect(await db.conversationMessage.count({ where: { conversationId: id } })).toBe(count);

    // The rate limit: 429 with Retry-After.
    let limited: Awaited<ReturnType<typeof rest>> | undefined;
    for (let i = 0; i < 12 && !limited; i++) {
      const answer = await rest("POST", `/conversations/${id}/messages`, token, { body: `burst ${i}` });
      if (answer.status === 429) limited = answer;
    }
    expect(limited?.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(limited?.json).toMatchObject({ code: "TOO_MANY_REQUESTS", data: { retryAfterSeconds: expect.any(Number) } });
  });
});
