// Losing access ends the live feed too: a person removed from a private room
// or a team, or moved from editor to viewer of a document, has their signed-in
// sockets closed by the realtime server (Pusher user authentication +
// terminate_connections), without their tab's cooperation. A reconnecting tab
// is refused the channel it lost and keeps the others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports";
import { startSoketi } from "../../scripts/lib/soketi";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { END_CONNECTIONS } from "@/server/realtime/end-connections";
import { callerFor } from "../helpers/callers";
import { addToRoom, shareWith } from "../helpers/invitations";
import { requestUserAuth } from "../helpers/channel-auth";
import { liveHarness } from "../helpers/live-harness";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";
import { TEST_PUSHER } from "../setup/test-pusher";

const { client: tab } = liveHarness();

/** How many times closing `userId`'s connections was asked for (the outbox rows that do it). */
function closingsFor(userId: string) {
  return db.outboxEvent.count({ where: { type: END_CONNECTIONS, payload: { equals: { userId } } } });
}

describe("a person removed from a private room", () => {
  it("stops hearing the room: their sockets are closed, and the room's channel refuses them again", async () => {
    const [owner, alice, carol] = await Promise.all([createUser(), createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Inner circle", visibility: "PRIVATE" });
    for (const person of [alice, carol]) await addToRoom(owner, room.id, person);
    const channel = channels.room(room.id);
    const [alicesTab, carolsTab] = [tab(alice), tab(carol)];
    expect(await alicesTab.subscribe(channel)).toEqual({ ok: true });
    expect(await alicesTab.subscribe(channels.user(alice.id))).toEqual({ ok: true });
    expect(await carolsTab.subscribe(channel)).toEqual({ ok: true });
    await Promise.all([alicesTab.signedIn(), carolsTab.signedIn()]);

    await callerFor(owner).rooms.send({ roomId: room.id, body: "before" });
    await alicesTab.waitForEvents(channel, 1);

    await callerFor(owner).rooms.removeMember({ roomId: room.id, userId: alice.id });
    // The removal still reaches her page (which closes the room); then the server closes her socket.
    await alicesTab.waitForEvents(channel, 2);
    await alicesTab.waitForState("disconnected");

    await callerFor(owner).rooms.send({ roomId: room.id, body: "after" });
    await carolsTab.waitForEvents(channel, 3);
    expect(alicesTab.events(channel).map((e) => e.type)).toEqual(["message.created", "room.member-removed"]);
    // Carol, still a member, was not disconnected.
    expect(carolsTab.pusher.connection.state).toBe("connected");

    // Her tab connects again, as the browser does: the room refuses her, her own channel does not.
    alicesTab.reconnect();
    await alicesTab.waitForState("connected");
    expect(await alicesTab.waitForRefusal(channel)).toBe(403);
    await alicesTab.waitForSubscribed(channels.user(alice.id));
    await callerFor(owner).rooms.send({ roomId: room.id, body: "later" });
    await carolsTab.waitForEvents(channel, 4);
    expect(alicesTab.events(channel)).toHaveLength(2);
  });

  it("closes nothing when nothing changed (removing someone who is not a member)", async () => {
    const [owner, stranger] = await Promise.all([createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Nobody left", visibility: "PRIVATE" });
    await callerFor(owner).rooms.removeMember({ roomId: room.id, userId: stranger.id });
    expect(await closingsFor(stranger.id)).toBe(0);
  });
});

describe("a person removed from a team", () => {
  it("stops hearing the team: their sockets are closed, and the team's channel refuses them again", async () => {
    const [admin, alice, carol] = await Promise.all([createUser({ role: "ADMIN" }), createUser(), createUser()]);
    const team = await callerFor(admin).teams.create({ name: `Ops ${alice.id}` });
    for (const person of [alice, carol]) await callerFor(admin).teams.addMember({ teamId: team.id, userId: person.id });
    const channel = channels.team(team.id);
    const [alicesTab, carolsTab] = [tab(alice), tab(carol)];
    expect(await alicesTab.subscribe(channel)).toEqual({ ok: true });
    expect(await carolsTab.subscribe(channel)).toEqual({ ok: true });
    await Promise.all([alicesTab.signedIn(), carolsTab.signedIn()]);

    await callerFor(admin).teams.rename({ teamId: team.id, name: `Ops 2 ${alice.id}` });
    await alicesTab.waitForEvents(channel, 1);

    await callerFor(admin).teams.removeMember({ teamId: team.id, userId: alice.id });
    await alicesTab.waitForEvents(channel, 2);
    await alicesTab.waitForState("disconnected");

    await callerFor(admin).teams.rename({ teamId: team.id, name: `Ops 3 ${alice.id}` });
    await carolsTab.waitForEvents(channel, 3);
    expect(alicesTab.events(channel).map((e) => e.type)).toEqual(["team.renamed", "team.member-removed"]);
    expect(carolsTab.pusher.connection.state).toBe("connected");

    alicesTab.reconnect();
    await alicesTab.waitForState("connected");
    expect(await alicesTab.waitForRefusal(channel)).toBe(403);
  });
});

describe("a document editor made a viewer", () => {
  it("loses the editors' presence channel (socket closed, refused again) and keeps reading the document", async () => {
    const [owner, alice] = await Promise.all([createUser(), createUser()]);
    const doc = await callerFor(owner).documents.create({ title: "Plans" });
    await shareWith(owner, doc.id, alice, "EDITOR");
    const alicesTab = tab(alice);
    expect(await alicesTab.subscribe(channels.docPresence(doc.id))).toEqual({ ok: true });
    expect(await alicesTab.subscribe(channels.doc(doc.id))).toEqual({ ok: true });
    await alicesTab.signedIn();

    // Sharing again with the same role changes nothing and closes nothing.
    await callerFor(owner).documents.share({ id: doc.id, email: alice.email, role: "EDITOR" });
    await callerFor(owner).documents.share({ id: doc.id, email: alice.email, role: "VIEWER" });
    await alicesTab.waitForState("disconnected");

    alicesTab.reconnect();
    await alicesTab.waitForState("connected");
    expect(await alicesTab.waitForRefusal(channels.docPresence(doc.id))).toBe(403);
    await alicesTab.waitForSubscribed(channels.doc(doc.id));
    // Exactly one closing was asked for: the downgrade, not the same-role share.
    expect(await closingsFor(alice.id)).toBe(1);
  });
});

describe("POST /api/realtime/user-auth", () => {
  it("signs a connection in as the session's person, and refuses a signed-out one", async () => {
    const alice = await createUser();
    const signed = await requestUserAuth(alice, "123.456");
    expect(signed.status).toBe(200);
    const body = (await signed.json()) as { auth: string; user_data: string };
    expect(JSON.parse(body.user_data)).toEqual({ id: alice.id });
    expect(body.auth).toMatch(/^test-key:[0-9a-f]{64}$/);
    expect((await requestUserAuth(null, "123.456")).status).toBe(403);
    expect((await requestUserAuth(alice, "not-a-socket")).status).toBe(400);
  });
});

describe("a connection that never signs in", () => {
  // Soketi as the app starts it, with its sign-in timeout shortened from 30 s.
  const SIGN_IN_TIMEOUT_MS = 1_000;
  let soketi: Awaited<ReturnType<typeof startSoketi>>;
  let port: number;
  const tabs: RealtimeTestClient[] = [];
  beforeAll(async () => {
    port = await freePort();
    soketi = await startSoketi({
      port,
      metricsPort: await freePort(),
      ...TEST_PUSHER,
      env: { SOKETI_USER_AUTHENTICATION_TIMEOUT: String(SIGN_IN_TIMEOUT_MS) },
    });
  });
  afterAll(async () => {
    tabs.forEach((t) => t.disconnect());
    await soketi.stop();
  });

  it("is closed by the server, so nobody keeps a socket that closing by person cannot find", async () => {
    const alice = await createUser();
    const [anonymous, signedIn] = [new RealtimeTestClient(null, { port }), new RealtimeTestClient(alice, { port })];
    tabs.push(anonymous, signedIn);
    await Promise.all([anonymous.waitForState("connected"), signedIn.signedIn()]);
    await anonymous.waitForState("disconnected");
    // The signed-in one outlived the timeout.
    await new Promise((r) => setTimeout(r, SIGN_IN_TIMEOUT_MS));
    expect(signedIn.pusher.connection.state).toBe("connected");
  });
});
