// Being added to a private room, a document or a team notifies the
// person; rooms and documents ask first (Accept / Decline on the
// notification). Only the invitee answers, answering twice is harmless or a
// clear refusal, the answer changes the entry in every tab of theirs, and
// only an accepted invitee gets into the room's presence channel. Also:
// Reply inline on a comment's or a room's notification, and the sender's
// avatar on entries.
import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "@/lib/events";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { channels } from "@/lib/realtime/channel-names";
import type { SessionUser } from "@/server/auth";
import { callerFor } from "../helpers/callers";
import { requestChannelAuth } from "../helpers/channel-auth";
import { addToRoom } from "../helpers/invitations";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";
import type { RealtimeTestClient } from "../helpers/realtime-client";

const { client: tab } = liveHarness();

async function waitFor(client: RealtimeTestClient, channel: string, match: (e: EventEnvelope) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = client.events(channel).find(match);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no matching event on ${channel}: ${JSON.stringify(client.events(channel).map((e) => e.type))}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function inboxTab(user: SessionUser) {
  const t = tab(user);
  expect(await t.subscribe(channels.user(user.id))).toEqual({ ok: true });
  return t;
}

const isCreated = (type: string) => (e: EventEnvelope) =>
  e.type === "notification.created" && (e.data as { notification: { type: string } }).notification.type === type;
const changedTo = (result: string) => (e: EventEnvelope) =>
  e.type === "notification.changed" && (e.data as { notification: { actionResult: string | null } }).notification.actionResult === result;

async function pendingOf(roomId: string, inviteeId: string) {
  return db.invitation.findFirstOrThrow({ where: { roomId, inviteeId }, orderBy: { createdAt: "desc" } });
}

describe("private room invitations", () => {
  it("notify with Accept / Decline; accepting in one tab shows Accepted in every tab and lets the invitee in", async () => {
    const [owner, bob, carol] = await Promise.all([createUser({ name: "Olive Owner" }), createUser({ name: "Bob" }), createUser()]);
    await db.user.update({ where: { id: owner.id }, data: { avatarUploadId: "avatar-upload-1" } });
    const room = await callerFor(owner).rooms.create({ name: "War room", visibility: "PRIVATE" });
    const ownersTab = tab(owner);
    expect(await ownersTab.subscribe(channels.room(room.id))).toEqual({ ok: true });
    const [bobsTab, bobsOtherTab] = [await inboxTab(bob), await inboxTab(bob)];

    expect(await callerFor(owner).rooms.addMember({ roomId: room.id, email: bob.email })).toMatchObject({ status: "invited" });
    // Not a member until he accepts.
    expect(await db.roomMember.count({ where: { roomId: room.id, userId: bob.id } })).toBe(0);
    expect((await requestChannelAuth(bob, channels.room(room.id), "1.2")).status).toBe(403);

    // What Bob's tabs see: an entry with the buttons and the sender's avatar.
    const created = await waitFor(bobsTab, channels.user(bob.id), isCreated("room.invited"));
    const notification = (created.data as { notification: { id: string } }).notification;
    expect(notification).toMatchObject({
      title: "Olive Owner invited you to the private room “War room”",
      senderName: "Olive Owner",
      senderAvatarUrl: "/api/files/avatar-upload-1/thumbnail",
      actions: [
        { id: "accept", label: "Accept" },
        { id: "decline", label: "Decline" },
      ],
      actionResult: null,
    });
    // The owner sees it pending; asking again invites nobody twice.
    expect(await callerFor(owner).invitations.pending({ roomId: room.id })).toMatchObject([
      { invitee: { id: bob.id, name: "Bob" }, role: null },
    ]);
    await callerFor(owner).rooms.addMember({ roomId: room.id, email: bob.email });
    expect(await db.invitation.count({ where: { roomId: room.id } })).toBe(1);
    expect(await db.notification.count({ where: { recipientId: bob.id, type: "room.invited" } })).toBe(1);
    // Nobody else sees who is invited.
    await expect(callerFor(carol).invitations.pending({ roomId: room.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Only Bob answers: Carol is refused by invitation id and cannot reach his entry.
    const invitation = await pendingOf(room.id, bob.id);
    await expect(callerFor(carol).invitations.answer({ id: invitation.id, answer: "accept" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerFor(carol).notifications.act({ id: notification.id, action: "accept" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ status: "PENDING" });
    expect(await db.roomMember.count({ where: { roomId: room.id, userId: carol.id } })).toBe(0);

    // Bob accepts from the notification.
    expect(await callerFor(bob).notifications.act({ id: notification.id, action: "accept" })).toMatchObject({
      status: "ACCEPTED",
      changed: true,
    });
    for (const t of [bobsTab, bobsOtherTab]) {
      const changed = await waitFor(t, channels.user(bob.id), changedTo("accepted"));
      expect((changed.data as { notification: object }).notification).toMatchObject({
        id: notification.id,
        actions: [],
        actionResult: "accepted",
        readAt: expect.any(String),
      });
    }
    // The owner's page hears both: a new member, and the answer for the pending list.
    await waitFor(ownersTab, channels.room(room.id), (e) => e.type === "room.member-added");
    await waitFor(ownersTab, channels.room(room.id), (e) => e.type === "invitation.answered");
    expect(await callerFor(owner).invitations.pending({ roomId: room.id })).toEqual([]);
    expect((await callerFor(owner).rooms.members({ roomId: room.id })).map((m) => m.id)).toContain(bob.id);

    // Accepted: the presence channel lets him in.
    expect(await tab(bob).subscribe(channels.room(room.id))).toEqual({ ok: true });

    // Twice: the same answer is a no-op, the other one a clear refusal.
    expect(await callerFor(bob).invitations.answer({ id: invitation.id, answer: "accept" })).toMatchObject({
      status: "ACCEPTED",
      changed: false,
    });
    await expect(callerFor(bob).notifications.act({ id: notification.id, action: "decline" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "You already accepted this invitation.",
    });
    expect(await db.roomMember.count({ where: { roomId: room.id, userId: bob.id } })).toBe(1);
    // The list shows it answered, without buttons.
    const [entry] = (await callerFor(bob).notifications.list({})).items;
    expect(entry).toMatchObject({ id: notification.id, actionResult: "accepted", actions: [] });
  });

  it("the owner adding the same person twice at once (a double click) invites once, and neither request fails", async () => {
    const [owner, erin] = await Promise.all([createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Twice", visibility: "PRIVATE" });
    const doc = await callerFor(owner).documents.create({ title: "Twice" });
    const answers = await Promise.all([
      ...[1, 2, 3].map(() => callerFor(owner).rooms.addMember({ roomId: room.id, email: erin.email })),
      ...[1, 2, 3].map(() => callerFor(owner).documents.share({ id: doc.id, email: erin.email, role: "VIEWER" })),
    ]);
    expect(answers.map((a) => a.status)).toEqual(["invited", "invited", "invited", "invited", "invited", "invited"]);
    expect(await db.invitation.count({ where: { inviteeId: erin.id, status: "PENDING" } })).toBe(2);
    expect(await db.notification.count({ where: { recipientId: erin.id, type: { in: ["room.invited", "document.invited"] } } })).toBe(2);
  });

  it("declined: the entry shows Declined everywhere, the room's members are not told who, and its presence channel stays closed", async () => {
    const [owner, dave, member] = await Promise.all([createUser(), createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Closed", visibility: "PRIVATE" });
    await addToRoom(owner, room.id, member);
    const membersTab = tab(member);
    expect(await membersTab.subscribe(channels.room(room.id))).toEqual({ ok: true });
    const davesTab = await inboxTab(dave);
    await callerFor(owner).rooms.addMember({ roomId: room.id, email: dave.email });
    const created = await waitFor(davesTab, channels.user(dave.id), isCreated("room.invited"));
    const { id } = (created.data as { notification: { id: string } }).notification;

    expect(await callerFor(dave).notifications.act({ id, action: "decline" })).toMatchObject({ status: "DECLINED" });
    expect((await waitFor(davesTab, channels.user(dave.id), changedTo("declined"))).data).toMatchObject({
      notification: { actions: [], actionResult: "declined" },
      unreadCount: 0,
    });
    expect(await db.roomMember.count({ where: { roomId: room.id, userId: dave.id } })).toBe(0);
    expect(await callerFor(owner).invitations.pending({ roomId: room.id })).toEqual([]);
    // Everyone in the room hears that an invitation was answered (the owner's
    // pending list is read again); who declined is the owner's to see, there.
    const answered = await waitFor(membersTab, channels.room(room.id), (e) => e.type === "invitation.answered");
    expect(answered.data).toEqual({ invitation: { id: expect.any(String), status: "DECLINED" } });
    // Declined: refused by the auth route and by Soketi, and the room's data stays closed.
    expect((await requestChannelAuth(dave, channels.room(room.id), "1.2")).status).toBe(403);
    expect(await tab(dave).subscribe(channels.room(room.id))).toEqual({ ok: false, status: 403 });
    await expect(callerFor(dave).rooms.open({ roomId: room.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(dave).notifications.act({ id, action: "accept" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "You already declined this invitation.",
    });
    // Invited again later: a new invitation, a new notification.
    await callerFor(owner).rooms.addMember({ roomId: room.id, email: dave.email });
    expect(await db.invitation.count({ where: { roomId: room.id, inviteeId: dave.id, status: "PENDING" } })).toBe(1);
  });
});

describe("document invitations", () => {
  it("give the role the owner chose when accepted; the owner's document channel hears the answer", async () => {
    const [owner, erin] = await Promise.all([createUser(), createUser({ name: "Erin" })]);
    const doc = await callerFor(owner).documents.create({ title: "Roadmap" });
    const ownersTab = tab(owner);
    expect(await ownersTab.subscribe(channels.doc(doc.id))).toEqual({ ok: true });
    const erinsTab = await inboxTab(erin);

    expect(await callerFor(owner).documents.share({ id: doc.id, email: erin.email, role: "VIEWER" })).toMatchObject({
      status: "invited",
    });
    await expect(callerFor(erin).documents.get({ id: doc.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await callerFor(owner).invitations.pending({ documentId: doc.id })).toMatchObject([
      { invitee: { id: erin.id }, role: "VIEWER" },
    ]);
    const created = await waitFor(erinsTab, channels.user(erin.id), isCreated("document.invited"));
    const { id } = (created.data as { notification: { id: string } }).notification;
    await callerFor(erin).notifications.act({ id, action: "accept" });

    const answered = await waitFor(ownersTab, channels.doc(doc.id), (e) => e.type === "invitation.answered");
    expect(answered.data).toMatchObject({ invitation: { status: "ACCEPTED", invitee: { id: erin.id, name: "Erin" }, role: "VIEWER" } });
    expect(await callerFor(erin).documents.get({ id: doc.id })).toMatchObject({ role: "VIEWER", canEdit: false });
    await waitFor(erinsTab, channels.user(erin.id), changedTo("accepted"));
    // A member's role changes directly, without a new invitation.
    expect(await callerFor(owner).documents.share({ id: doc.id, email: erin.email, role: "EDITOR" })).toMatchObject({
      status: "member",
    });
    expect(await db.invitation.count({ where: { documentId: doc.id } })).toBe(1);
  });
});

describe("teams", () => {
  it("tell the person they were added", async () => {
    const [admin, frank] = await Promise.all([createUser({ role: "ADMIN", name: "Ada Admin" }), createUser()]);
    const team = await callerFor(admin).teams.create({ name: `Team ${Date.now()}` });
    const franksTab = await inboxTab(frank);
    await callerFor(admin).teams.addMember({ teamId: team.id, userId: frank.id });
    const created = await waitFor(franksTab, channels.user(frank.id), isCreated("team.added"));
    expect(created.data).toMatchObject({
      notification: { title: `You were added to the team “${team.name}”`, senderName: "Ada Admin", actions: [] },
    });
  });
});

describe("reply inline", () => {
  it("on a comment's notification: comments on the post, and the entry is read and shows Replied in every tab", async () => {
    const [alice, bob] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" })]);
    const post = await callerFor(alice).posts.create({ title: "Lunch?", body: "Where shall we go?" });
    const alicesTab = await inboxTab(alice);
    const postTab = tab(bob);
    expect(await postTab.subscribe(channels.post(post.id))).toEqual({ ok: true });
    await callerFor(bob).posts.addComment({ postId: post.id, body: "The new place?" });
    const created = await waitFor(alicesTab, channels.user(alice.id), isCreated("post.commented"));
    const { id, actions } = (created.data as { notification: { id: string; actions: unknown } }).notification;
    expect(actions).toEqual([{ id: "reply", label: "Reply" }]);

    // Others cannot reply through her entry; an empty reply is refused; neither writes anything.
    await expect(callerFor(bob).notifications.reply({ id, body: "hijack" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(alice).notifications.reply({ id, body: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.comment.count({ where: { postId: post.id } })).toBe(1);

    expect(await callerFor(alice).notifications.reply({ id, body: "Sounds good" })).toMatchObject({ kind: "comment", postId: post.id });
    const comment = await waitFor(postTab, channels.post(post.id), (e) => e.type === "comment.created" && (e.data as { comment: { body: string } }).comment.body === "Sounds good");
    expect(comment.data).toMatchObject({ comment: { author: { id: alice.id } }, commentCount: 2 });
    const changed = await waitFor(alicesTab, channels.user(alice.id), changedTo("replied"));
    expect(changed.data).toMatchObject({ notification: { id, readAt: expect.any(String), actions: [{ id: "reply" }] }, unreadCount: 0 });
  });

  it("on a notification about a room: sends a message there, only for someone who may write in it", async () => {
    const [owner, gina] = await Promise.all([createUser(), createUser()]);
    const room = await callerFor(owner).rooms.create({ name: "Ops", visibility: "PRIVATE" });
    const roomTab = tab(owner);
    expect(await roomTab.subscribe(channels.room(room.id))).toEqual({ ok: true });
    // Mentions come from another feature; any "mention…" type about a room offers Reply.
    const mention = await notify({ recipientId: owner.id, type: "mention", title: "You were mentioned in Ops", subject: { kind: "room", id: room.id } });
    expect(mention?.actions).toEqual([{ id: "reply", label: "Reply" }]);
    const result = await callerFor(owner).notifications.reply({ id: mention!.id, body: "On it" });
    expect(result).toMatchObject({ kind: "message", roomId: room.id });
    await waitFor(roomTab, channels.room(room.id), (e) => e.type === "message.created" && (e.data as { message: { body: string } }).message.body === "On it");

    // The same kind of entry for someone outside the private room: refused, nothing sent.
    const outside = await notify({ recipientId: gina.id, type: "mention", title: "?", subject: { kind: "room", id: room.id } });
    await expect(callerFor(gina).notifications.reply({ id: outside!.id, body: "let me in" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.message.count({ where: { roomId: room.id } })).toBe(1);
    // Entries without the action refuse it.
    const plain = await notify({ recipientId: owner.id, type: "admin.message", title: "Hello" });
    await expect(callerFor(owner).notifications.reply({ id: plain!.id, body: "hi" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(owner).notifications.act({ id: plain!.id, action: "accept" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
