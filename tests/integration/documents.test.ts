// Collaborative documents through the real tRPC API, PostgreSQL and Soketi:
// concurrent edits converge on what the database stores; refused edits
// (a viewer's, malformed, stale) change nothing; Unicode stays intact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CURSOR_EVENT, decodeCursor, encodeCursor, type CursorUpdate } from "@/lib/documents/cursor-codec";
import { OtClient } from "@/lib/documents/ot-client";
import { diffToOp, type TextOp } from "@/lib/documents/text-ot";
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { shareWith } from "../helpers/invitations";
import { requestChannelAuth } from "../helpers/channel-auth";
import { startTestPublisher } from "../helpers/publisher";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";
import { rejection } from "../helpers/rejection";

let publisher: ReturnType<typeof startTestPublisher>;
const tabs: RealtimeTestClient[] = [];
beforeAll(() => {
  publisher = startTestPublisher();
});
afterAll(async () => {
  tabs.forEach((t) => t.disconnect());
  await publisher.stop();
});

async function sharedDocument(owner: SessionUser, editors: SessionUser[], viewers: SessionUser[] = []) {
  const doc = await callerFor(owner).documents.create({ title: "Notes" });
  for (const person of editors) await shareWith(owner, doc.id, person, "EDITOR");
  for (const person of viewers) await shareWith(owner, doc.id, person, "VIEWER");
  return doc;
}

/** One editor session driven through the API, as the browser editor drives it. */
class ApiEditor {
  readonly client: OtClient;
  /** Ops the server had to transform (made on a version others had moved past). */
  merged = 0;
  constructor(
    readonly user: SessionUser,
    readonly docId: string,
    text: string,
    version: number,
    tag: string,
  ) {
    this.client = new OtClient({ clientId: `test-${tag}-${Math.random().toString(36).slice(2, 10)}`, text, version });
  }
  /** Types: the op from its current text to `edit(text)`. */
  type(edit: (text: string) => string) {
    this.client.applyLocal(diffToOp(this.client.text, edit(this.client.text)));
  }
  async send() {
    const out = this.client.outgoing();
    if (!out) return;
    const applied = await callerFor(this.user).documents.submit({ id: this.docId, ...out, clientId: this.client.clientId });
    if (applied.version > out.baseVersion + 1) this.merged++;
  }
  async pull() {
    const { ops } = await callerFor(this.user).documents.operationsSince({ id: this.docId, afterVersion: this.client.version });
    for (const op of ops) this.client.applyServer(op);
  }
  async settle() {
    for (let i = 0; i < 50 && this.client.state !== "synced"; i++) {
      await this.send();
      await this.pull();
    }
    await this.pull();
  }
}


async function stored(id: string) {
  const doc = await db.document.findUniqueOrThrow({ where: { id }, select: { text: true, version: true } });
  const ops = await db.documentOperation.count({ where: { documentId: id } });
  // One event per operation (the channel also carries invitation answers).
  const events = await db.outboxEvent.count({ where: { channel: channels.doc(id), type: "document.op" } });
  return { ...doc, ops, events };
}

describe("collaborative documents", () => {
  it("three people editing the same paragraph at once converge on the text the database stores", async () => {
    const [alice, bob, carol] = await Promise.all([createUser(), createUser(), createUser()]);
    const doc = await sharedDocument(alice, [bob, carol]);
    const watcher = new RealtimeTestClient(carol);
    tabs.push(watcher);
    expect(await watcher.subscribe(channels.doc(doc.id))).toEqual({ ok: true });

    const seed = await callerFor(alice).documents.get({ id: doc.id });
    const first = new ApiEditor(alice, doc.id, seed.text, seed.version, "a");
    first.type(() => "The quick brown fox.");
    await first.settle();
    const start = await callerFor(alice).documents.get({ id: doc.id });

    const editors = [alice, bob, carol].map((u, i) => new ApiEditor(u, doc.id, start.text, start.version, `e${i}`));
    const edits: ((t: string) => string)[][] = [
      [(t) => t.replace("quick", "very quick"), (t) => `${t} Alice.`, (t) => t.replace("The", "A")],
      [(t) => t.replace("brown", "red"), (t) => t.replace("fox", "fox jumps"), (t) => `Bob: ${t}`],
      [(t) => t.replace(".", "!"), (t) => t.replace(" ", "  "), (t) => t.slice(0, -1)],
    ];
    // Each person types, sends and reads back concurrently with the others,
    // so their ops are made on versions the others have already moved past.
    await Promise.all(
      editors.map(async (editor, i) => {
        for (const edit of edits[i]!) {
          editor.type(edit);
          await editor.send();
          await editor.pull();
        }
      }),
    );
    await Promise.all(editors.map((e) => e.settle()));
    await Promise.all(editors.map((e) => e.pull()));

    const saved = await stored(doc.id);
    for (const editor of editors) {
      expect(editor.client.text).toBe(saved.text);
      expect(editor.client.version).toBe(saved.version);
    }
    expect(saved.text).toContain("fox");
    expect(saved.ops).toBe(saved.version);
    // All three sent their first edit on the same version: the server merged.
    expect(editors.reduce((n, e) => n + e.merged, 0)).toBeGreaterThanOrEqual(2);

    // What Soketi delivered, applied in order to the text before, gives the same text.
    const events = await watcher.waitForEvents(channels.doc(doc.id), saved.version);
    const replay = new OtClient({ clientId: "replay-client", text: "", version: 0 });
    for (const event of events) {
      if (event.type === "document.op") replay.applyServer(event.data);
    }
    expect(replay.text).toBe(saved.text);
  }, 60_000);

  it("carries an editor's binary cursor to the others on the presence channel, with the sender's id and name", async () => {
    const [alice, bob] = await Promise.all([createUser({ name: "Alice Cursor" }), createUser({ name: "Bob Cursor" })]);
    const doc = await sharedDocument(alice, [bob]);
    const [aliceTab, bobTab] = [new RealtimeTestClient(alice), new RealtimeTestClient(bob)];
    tabs.push(aliceTab, bobTab);
    const channel = channels.docPresence(doc.id);
    expect(await aliceTab.subscribe(channel)).toEqual({ ok: true });
    expect(await bobTab.subscribe(channel)).toEqual({ ok: true });

    const received: { update: CursorUpdate | null; userId?: string; name?: string }[] = [];
    const bobsChannel = bobTab.pusher.channel(channel);
    bobsChannel.bind(CURSOR_EVENT, (data: unknown, meta?: { user_id?: string }) => {
      const member = (bobsChannel as unknown as { members: { get(id: string): { info?: { name?: string } } | null } }).members.get(
        meta?.user_id ?? "",
      );
      received.push({ update: decodeCursor(data), userId: meta?.user_id, name: member?.info?.name });
    });
    const update = { version: 3, anchor: 10, head: 14, colour: 2 };
    // Alice's tab must see Bob as a member before client events reach him.
    await expect.poll(() => (aliceTab.pusher.channel(channel) as unknown as { members: { count: number } }).members.count).toBe(2);
    aliceTab.pusher.channel(channel).trigger(CURSOR_EVENT, encodeCursor(update));
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]).toEqual({ update, userId: alice.id, name: "Alice Cursor" });
  });

  it("a resend of an applied op (its reply was lost) is answered again without applying it twice", async () => {
    const alice = await createUser();
    const doc = await callerFor(alice).documents.create({ title: "Once" });
    const request = { id: doc.id, baseVersion: 0, op: ["hello"] as TextOp, clientId: "resend-client-1", clientSeq: 1 };
    const first = await callerFor(alice).documents.submit(request);
    const again = await callerFor(alice).documents.submit(request);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await stored(doc.id)).toMatchObject({ text: "hello", version: 1, ops: 1, events: 1 });
  });

  it("refuses a viewer's edit and a stranger's, and lets only editors join the presence channel", async () => {
    const [alice, vera, stranger] = await Promise.all([createUser(), createUser(), createUser()]);
    const doc = await sharedDocument(alice, [], [vera]);
    await callerFor(alice).documents.submit({ id: doc.id, baseVersion: 0, op: ["draft"], clientId: "owner-client-1", clientSeq: 1 });
    const before = await stored(doc.id);

    const refused = await rejection(
      callerFor(vera).documents.submit({ id: doc.id, baseVersion: 1, op: [5, " mine"], clientId: "viewer-client-1", clientSeq: 1 }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/read this document but not edit/);
    expect((await rejection(callerFor(vera).documents.restore({ id: doc.id, version: 0 }))).code).toBe("FORBIDDEN");
    expect(
      (await rejection(callerFor(stranger).documents.submit({ id: doc.id, baseVersion: 1, op: ["x"], clientId: "stranger-1", clientSeq: 1 })))
        .code,
    ).toBe("NOT_FOUND");
    expect((await rejection(callerFor(stranger).documents.get({ id: doc.id }))).code).toBe("NOT_FOUND");
    expect(await stored(doc.id)).toEqual(before);

    // The viewer reads: the document, and its ops live; not the editors' presence.
    expect((await callerFor(vera).documents.get({ id: doc.id })).text).toBe("draft");
    const sign = (user: SessionUser, channel: string) => requestChannelAuth(user, channel, "1234.5678").then((r) => r.status);
    expect(await sign(vera, channels.doc(doc.id))).toBe(200);
    expect(await sign(vera, channels.docPresence(doc.id))).toBe(403);
    expect(await sign(alice, channels.docPresence(doc.id))).toBe(200);
    expect(await sign(stranger, channels.doc(doc.id))).toBe(403);
    expect(await sign(stranger, channels.docPresence(doc.id))).toBe(403);
    expect((await rejection(callerFor(stranger).realtime.catchUp({ channel: channels.doc(doc.id), afterId: 0 }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("rejects malformed, out-of-range and stale ops with a clear error and leaves the document unchanged", async () => {
    const alice = await createUser();
    const doc = await callerFor(alice).documents.create({ title: "Strict" });
    await callerFor(alice).documents.submit({ id: doc.id, baseVersion: 0, op: ["abc"], clientId: "strict-client", clientSeq: 1 });
    const before = await stored(doc.id);
    const submit = (op: unknown, baseVersion = 1) =>
      callerFor(alice).documents.submit({ id: doc.id, baseVersion, op: op as TextOp, clientId: "strict-client", clientSeq: 2 });

    // The first four fail the input schema (the API answers with field errors).
    const cases: [unknown, number, string, RegExp][] = [
      [[0, "x"], 1, "BAD_REQUEST", /expected number to be >0/],
      [[{ x: 1 }], 1, "BAD_REQUEST", /op/],
      ["not an op", 1, "BAD_REQUEST", /expected array/],
      [["\uD800"], 1, "BAD_REQUEST", /surrogate/],
      [[1, 1, "x"], 1, "BAD_REQUEST", /malformed.*Adjacent skip/],
      [[2, "x", 1], 1, "BAD_REQUEST", /trailing skip/],
      [[{ d: 4 }], 1, "BAD_REQUEST", /reaches position 4 but the document has 3 characters/],
      [[10, "x"], 1, "BAD_REQUEST", /reaches position 10/],
      [["x"], 7, "CONFLICT", /made on version 7 but the document is at version 1\. Reload/],
    ];
    for (const [op, baseVersion, code, message] of cases) {
      const error = await rejection(submit(op, baseVersion));
      expect({ op, code: error.code }).toEqual({ op, code });
      expect(error.message).toMatch(message);
    }
    expect(await stored(doc.id)).toEqual(before);
    expect(await stored(doc.id)).toMatchObject({ text: "abc", version: 1 });
  });

  it("keeps emoji and combining marks whole when edits around them are concurrent", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const doc = await sharedDocument(alice, [bob]);
    const family = "👨‍👩‍👧";
    const thumbs = "👍🏽";
    const cafe = "cafe\u0301";
    const a = new ApiEditor(alice, doc.id, "", 0, "ua");
    a.type(() => `${family} ${cafe}`);
    await a.settle();
    const b = new ApiEditor(bob, doc.id, a.client.text, a.client.version, "ub");

    // Both edit right next to the same clusters on the same version.
    a.type((t) => t.replace(family, `${family}${thumbs}`));
    b.type((t) => `${t}!`);
    b.type((t) => `«${t}`);
    b.type((t) => t.replace(family, `${family}»`));
    a.type((t) => t.replace(cafe, "")); // deletes the whole "café" (e + combining accent)
    await Promise.all([a.settle(), b.settle()]);
    await Promise.all([a.pull(), b.pull()]);

    const saved = await stored(doc.id);
    expect(a.client.text).toBe(saved.text);
    expect(b.client.text).toBe(saved.text);
    expect(saved.text).toContain(family);
    expect(saved.text).toContain(thumbs);
    expect(saved.text).not.toContain("\u0301");
    expect(saved.text.isWellFormed()).toBe(true);
    const clusters = Array.from(new Intl.Segmenter("en", { granularity: "grapheme" }).segment(saved.text), (s) => s.segment);
    expect(clusters).toEqual(expect.arrayContaining([family, thumbs]));
  });

  it("shows who changed what and restores an earlier version as a new edit", async () => {
    const [alice, bob] = await Promise.all([createUser({ name: "Alice Doc" }), createUser({ name: "Bob Doc" })]);
    const doc = await sharedDocument(alice, [bob]);
    await callerFor(alice).documents.submit({ id: doc.id, baseVersion: 0, op: ["Hello world"], clientId: "hist-alice", clientSeq: 1 });
    await callerFor(bob).documents.submit({ id: doc.id, baseVersion: 1, op: [6, { d: 5 }, "there"], clientId: "hist-bob", clientSeq: 1 });

    const history = await callerFor(alice).documents.history({ id: doc.id });
    expect(history).toMatchObject([
      { version: 2, author: { name: "Bob Doc" }, inserted: "there", deleted: "world", deletedCount: 5 },
      { version: 1, author: { name: "Alice Doc" }, inserted: "Hello world", deleted: "", deletedCount: 0 },
    ]);

    const restored = await callerFor(alice).documents.restore({ id: doc.id, version: 1 });
    expect(restored).toEqual({ version: 3, text: "Hello world" });
    expect(await stored(doc.id)).toMatchObject({ text: "Hello world", version: 3, ops: 3, events: 3 });
    // An editor still on version 2 converges to the restored text.
    const late = new ApiEditor(bob, doc.id, "Hello there", 2, "late");
    await late.pull();
    expect(late.client.text).toBe("Hello world");
    expect((await rejection(callerFor(alice).documents.restore({ id: doc.id, version: 9 }))).code).toBe("BAD_REQUEST");
  });
});
