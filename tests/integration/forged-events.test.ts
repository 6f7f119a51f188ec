// Only the server speaks on a channel. Soketi forwards `client-*` events from
// any subscriber (public `system` included) to everyone else on the channel,
// so a socket can send a well-formed envelope with the next event id. These
// tests send such forgeries on the real Soketi, check that they do reach the
// other sockets (so the browser's guard is what stops them), and that the
// browser's own logic (the ChannelSequencer behind useChannelEvents, the
// presence signal readers) applies none of them while real events still arrive.
import { describe, expect, it } from "vitest";
import { OtClient } from "@/lib/documents/ot-client";
import { diffToOp } from "@/lib/documents/text-ot";
import { parseEnvelope } from "@/lib/events";
import { clientSignalReader, type ClientSignal } from "@/lib/realtime/accept-event";
import { STATUS_EVENT, statusSignal, type StatusSignal } from "@/lib/rooms/presence";
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { shareWith } from "../helpers/invitations";
import { liveHarness } from "../helpers/live-harness";
import type { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";

const { client } = liveHarness();

async function head(channel: string): Promise<number> {
  return Number((await db.channelSequence.findUnique({ where: { channel } }))?.lastSeq ?? 0);
}

function envelope(id: number, type: string, channel: string, data: unknown) {
  const forged = { id, type, channel, at: new Date().toISOString(), data };
  // Each forgery is a valid envelope: only where it came from gives it away.
  expect(parseEnvelope(forged)).not.toBeNull();
  return forged;
}

const catchUpAs = (user: SessionUser, channel: string) => (afterId: number) =>
  callerFor(user).realtime.catchUp({ channel, afterId });

async function subscribed(tab: RealtimeTestClient, ...names: string[]) {
  for (const name of names) expect(await tab.subscribe(name)).toEqual({ ok: true });
}

/** The client events that reached `tab`, as [channel, event name, user_id]. */
const clientFrames = (tab: RealtimeTestClient) =>
  tab.frames.filter((f) => f.event.startsWith("client-")).map((f) => [f.channel, f.event, f.user_id ?? null]);

function postView(author: SessionUser, title: string) {
  const now = new Date().toISOString();
  return {
    post: {
      id: "forged-post",
      title,
      body: "",
      bodyTruncated: false,
      author: { id: author.id, name: author.name ?? "" },
      createdAt: now,
      editedAt: null,
      commentCount: 0,
    },
  };
}

describe("forged events on public and private channels", () => {
  it("an anonymous socket's banner on system and a reader's post on private-feed reach Bob's socket, and neither is applied", async () => {
    const [alice, bob] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" })]);
    const system = channels.system();
    const feed = channels.feed();
    const bobsTab = client(bob);
    await subscribed(bobsTab, system, feed);
    const [systemHead, feedHead] = await Promise.all([head(system), head(feed)]);
    const banner = bobsTab.followLikeBrowser(system, { baselineId: systemHead, catchUp: catchUpAs(bob, system) });
    const posts = bobsTab.followLikeBrowser(feed, { baselineId: feedHead, catchUp: catchUpAs(bob, feed) });

    const stranger = client(null);
    await subscribed(stranger, system);
    const now = Date.now();
    const forgedBanner = envelope(systemHead + 1, "maintenance.scheduled", system, {
      window: {
        id: "forged",
        message: "Maintenance: sign in again at evil.example",
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      },
    });
    // Under the server's own name: Soketi does not forward it at all.
    stranger.sendRaw(system, "maintenance.scheduled", forgedBanner);
    stranger.sendRaw(system, "client-maintenance.scheduled", forgedBanner);
    stranger.sendRaw(system, "client-x", { ...forgedBanner, type: "client-x" });

    const alicesTab = client(alice);
    await subscribed(alicesTab, feed);
    alicesTab.sendRaw(feed, "client-post.created", envelope(feedHead + 1, "post.created", feed, postView(bob, "Forged by Alice")));

    // Soketi delivers the forgeries to Bob: only the browser can refuse them.
    await expect
      .poll(() => clientFrames(bobsTab).sort(), { timeout: 10_000 })
      .toEqual([
        [feed, "client-post.created", null],
        [system, "client-maintenance.scheduled", null],
        [system, "client-x", null],
      ]);

    // A real post after them is applied, under the id the forgery claimed.
    await callerFor(alice).posts.create({ title: "Real post by Alice", body: "" });
    await expect
      .poll(() => posts.applied.flatMap((e) => (e.type === "post.created" ? [[e.id, e.data.post.title]] : [])), {
        timeout: 10_000,
      })
      .toEqual([[feedHead + 1, "Real post by Alice"]]);
    expect(banner.applied).toEqual([]);
    expect(bobsTab.frames.some((f) => f.event === "maintenance.scheduled")).toBe(false);
    banner.stop();
    posts.stop();
  });
});

describe("forged events on a room's presence channel", () => {
  it("a member's forged message and removal are not applied; her status signals count as hers, whatever they claim", async () => {
    const [owner, alice, bob] = await Promise.all([createUser(), createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Lobby", visibility: "PUBLIC" });
    const name = channels.room(room.id);
    const bobsTab = client(bob);
    await subscribed(bobsTab, name);
    const roomHead = await head(name);
    const events = bobsTab.followLikeBrowser(name, { baselineId: roomHead, catchUp: catchUpAs(bob, name) });
    // What useRoomPresence does with status signals.
    const readStatus = clientSignalReader(name, STATUS_EVENT, statusSignal);
    const statuses: (ClientSignal<StatusSignal> | null)[] = [];
    bobsTab.pusher.channel(name)!.bind(STATUS_EVENT, (data: unknown, metadata: unknown) =>
      statuses.push(readStatus(data, metadata)),
    );

    const alicesTab = client(alice);
    await subscribed(alicesTab, name);
    const now = new Date().toISOString();
    alicesTab.sendRaw(
      name,
      "client-message.created",
      envelope(roomHead + 1, "message.created", name, {
        message: { id: "forged", roomId: room.id, body: "I quit", author: { id: owner.id, name: owner.name }, createdAt: now, editedAt: null },
      }),
    );
    alicesTab.sendRaw(name, "client-room.member-removed", envelope(roomHead + 1, "room.member-removed", name, { userId: bob.id }));
    alicesTab.sendRaw(name, STATUS_EVENT, { status: "away", typing: true, user_id: owner.id });
    alicesTab.sendRaw(name, STATUS_EVENT, { status: "banned", typing: false });

    // Soketi stamps each with the sender's signed user_id.
    await expect.poll(() => clientFrames(bobsTab), { timeout: 10_000 }).toHaveLength(4);
    expect(clientFrames(bobsTab).every(([, , userId]) => userId === alice.id)).toBe(true);
    expect(statuses).toEqual([{ userId: alice.id, signal: { status: "away", typing: true } }, null]);

    const { message } = await callerFor(owner).rooms.send({ roomId: room.id, body: "Real message" });
    await expect
      .poll(() => events.applied.map((e) => [e.id, e.type, e.type === "message.created" && e.data.message.id]), {
        timeout: 10_000,
      })
      .toEqual([[roomHead + 1, "message.created", message.id]]);
    events.stop();
  });
});

describe("forged operations on a document", () => {
  it("a viewer's forged document.op reaches the editor's socket and is not applied; the editor's real op is", async () => {
    const [owner, viewer] = await Promise.all([createUser(), createUser()]);
    const doc = await callerFor(owner).documents.create({ title: "Notes" });
    await shareWith(owner, doc.id, viewer, "VIEWER");
    const name = channels.doc(doc.id);
    const ownersTab = client(owner);
    await subscribed(ownersTab, name);
    const docHead = await head(name);
    const ops = ownersTab.followLikeBrowser(name, { baselineId: docHead, catchUp: catchUpAs(owner, name) });

    const viewersTab = client(viewer);
    await subscribed(viewersTab, name); // viewers read the ops as they happen
    viewersTab.sendRaw(
      name,
      "client-document.op",
      envelope(docHead + 1, "document.op", name, {
        version: 1,
        op: ["Corrupted "],
        author: { id: owner.id, name: owner.name },
        clientId: "forged",
        clientSeq: 0,
      }),
    );
    await expect.poll(() => clientFrames(ownersTab), { timeout: 10_000 }).toEqual([[name, "client-document.op", null]]);

    const editor = new OtClient({ clientId: "owner-tab", text: "", version: 0 });
    editor.applyLocal(diffToOp("", "Hello"));
    const out = editor.outgoing()!;
    await callerFor(owner).documents.submit({ id: doc.id, ...out, clientId: editor.clientId });
    await expect
      .poll(() => ops.applied.map((e) => [e.id, e.type === "document.op" && e.data.clientId]), { timeout: 10_000 })
      .toEqual([[docHead + 1, "owner-tab"]]);
    ops.stop();
  });
});
