// Journey: people @mention each other in posts, comments, room
// messages and documents; the person mentioned sees a "mention" in their
// inbox, live, opening the exact place. Nobody who cannot see the place
// hears of it, nobody hears of their own mention, a mute or a preference
// keeps it out, and the picker's search needs a session and valid input.
import { describe, expect, it } from "vitest";
import { diffToOp } from "@/lib/documents/text-ot";
import { mentionToken } from "@/lib/mentions/mention-tokens";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { addToRoom, shareWith } from "../helpers/invitations";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client } = liveHarness();

// Without the invitations people accepted to get in (addToRoom, shareWith): these tests are about mentions.
const inbox = async (user: { id: string; email: string; name: string; role: "USER" | "ADMIN" }) =>
  (await callerFor(user).notifications.list({ limit: 20, unreadOnly: false })).items.filter((n) => !n.type.endsWith(".invited"));

describe("mentions", () => {
  it("a mention in a comment reaches the person live and opens the comment; the author hears of the comment as before", async () => {
    const [alice, bob, carol] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" }), createUser({ name: "Carol" })]);
    const tab = client(carol);
    await tab.subscribe(channels.user(carol.id));
    const post = await callerFor(alice).posts.create({ title: "Plans", body: "Ideas?" });

    const comment = await callerFor(bob).posts.addComment({ postId: post.id, body: `Ask ${mentionToken(carol)} about it` });

    const [event] = await tab.waitForEvents(channels.user(carol.id), 1);
    expect(event).toMatchObject({
      type: "notification.created",
      data: {
        notification: {
          type: "mention",
          title: "Bob mentioned you in a comment on “Plans”",
          body: "Ask @Carol about it",
          link: `/posts/${post.id}#comment-${comment.id}`,
          senderName: "Bob",
        },
      },
    });
    expect((await inbox(carol)).map((n) => n.type)).toEqual(["mention"]);
    expect((await inbox(alice)).map((n) => [n.type, n.title])).toEqual([["post.commented", "Bob commented on “Plans”"]]);
  });

  it("the post's author mentioned in a comment gets the mention only; mentioning yourself notifies nobody", async () => {
    const [alice, bob] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" })]);
    const post = await callerFor(alice).posts.create({ title: "Solo", body: `Note to ${mentionToken(alice)}` });
    await callerFor(bob).posts.addComment({ postId: post.id, body: `${mentionToken(alice)} ${mentionToken(bob)} done` });

    expect((await inbox(alice)).map((n) => [n.type, n.link])).toEqual([["mention", expect.stringMatching(/#comment-/)]]);
    expect(await inbox(bob)).toEqual([]);
  });

  it("a mention in a post and in an edit that adds one; an edit that keeps it does not repeat it", async () => {
    const [alice, bob, carol] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" }), createUser({ name: "Carol" })]);
    const post = await callerFor(alice).posts.create({ title: "Kickoff", body: `Welcome ${mentionToken(bob)}` });
    expect((await inbox(bob)).map((n) => [n.title, n.link])).toEqual([["Alice mentioned you in “Kickoff”", `/posts/${post.id}`]]);

    await callerFor(alice).posts.update({ id: post.id, title: "Kickoff", body: `Welcome ${mentionToken(bob)} and ${mentionToken(carol)}` });

    expect(await inbox(bob)).toHaveLength(1);
    expect((await inbox(carol)).map((n) => n.type)).toEqual(["mention"]);
  });

  it("in a private room only members hear of a mention; a public room's mention opens the message", async () => {
    const [owner, member, outsider] = await Promise.all([createUser({ name: "Owner" }), createUser({ name: "Member" }), createUser({ name: "Outsider" })]);
    const secret = await callerFor(owner).rooms.create({ name: "Secret", visibility: "PRIVATE" });
    await addToRoom(owner, secret.id, member);
    // The member's setting: mentions only, so the message itself does not notify them.
    await callerFor(member).rooms.setNotificationSetting({ roomId: secret.id, level: "mentions" });

    const { message } = await callerFor(owner).rooms.send({ roomId: secret.id, body: `${mentionToken(member)} ${mentionToken(outsider)} look` });

    expect((await inbox(member)).map((n) => [n.type, n.title, n.link])).toEqual([
      ["mention", "Owner mentioned you in Secret", `/rooms/${secret.id}#message-${message.id}`],
    ]);
    expect(await inbox(outsider)).toEqual([]);

    const lobby = await callerFor(owner).rooms.create({ name: "Lobby", visibility: "PUBLIC" });
    await callerFor(owner).rooms.send({ roomId: lobby.id, body: `hi ${mentionToken(outsider)}` });
    expect((await inbox(outsider)).map((n) => [n.type, n.title])).toEqual([["mention", "Owner mentioned you in Lobby"]]);
  });

  it("documents: people the document is shared with hear of a new mention once; others do not", async () => {
    const [owner, editor, stranger] = await Promise.all([createUser({ name: "Owner" }), createUser({ name: "Editor" }), createUser({ name: "Stranger" })]);
    const doc = await callerFor(owner).documents.create({ title: "Spec" });
    await shareWith(owner, doc.id, editor, "EDITOR");
    const first = `Intro\nReview: ${mentionToken(editor)} ${mentionToken(stranger)}\nEnd`;
    await callerFor(owner).documents.submit({ id: doc.id, baseVersion: 0, op: diffToOp("", first), clientId: "mention-test-1", clientSeq: 1 });
    const second = `${first}!`;
    await callerFor(owner).documents.submit({ id: doc.id, baseVersion: 1, op: diffToOp(first, second), clientId: "mention-test-1", clientSeq: 2 });

    expect((await inbox(editor)).map((n) => [n.type, n.title, n.body, n.link])).toEqual([
      ["mention", "Owner mentioned you in “Spec”", "Review: @Editor @Stranger", `/docs/${doc.id}`],
    ]);
    expect(await inbox(stranger)).toEqual([]);
  });

  it("a muted post and a preference turned off keep mentions out", async () => {
    const [alice, bob, carol] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" }), createUser({ name: "Carol" })]);
    const post = await callerFor(alice).posts.create({ title: "Quiet", body: "" });
    await callerFor(bob).preferences.mute({ kind: "post", targetId: post.id });
    await callerFor(carol).preferences.setType({ type: "mention", choice: "off" });

    await callerFor(alice).posts.addComment({ postId: post.id, body: `${mentionToken(bob)} ${mentionToken(carol)}` });

    expect(await inbox(bob)).toEqual([]);
    expect(await inbox(carol)).toEqual([]);
  });

  it("the picker's search: by name prefix or whole email (never part of one), no emails returned, narrowed to a private room's members; refused signed out or with bad input", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const [me, alba, albert] = await Promise.all([
      createUser({ name: `Zq${tag} Me` }),
      createUser({ name: `Alba Zq${tag}` }),
      createUser({ name: `Albert Zq${tag}` }),
    ]);
    const found = await callerFor(me).people.search({ query: `zq${tag}` });
    expect(found).toEqual([
      { id: alba.id, name: `Alba Zq${tag}` },
      { id: albert.id, name: `Albert Zq${tag}` },
    ]);
    expect(await callerFor(me).people.search({ query: alba.email })).toEqual([{ id: alba.id, name: alba.name }]);
    // A part of an email finds nobody: else anyone could spell an address out a letter at a time.
    expect(await callerFor(me).people.search({ query: alba.email.slice(0, -1) })).toEqual([]);
    // LIKE's wildcards are letters here.
    expect(await callerFor(me).people.search({ query: "%" })).toEqual([]);

    const room = await callerFor(me).rooms.create({ name: "Few", visibility: "PRIVATE" });
    await addToRoom(me, room.id, albert);
    expect(await callerFor(me).people.search({ query: `zq${tag}`, place: { kind: "room", id: room.id } })).toEqual([
      { id: albert.id, name: `Albert Zq${tag}` },
    ]);
    await expect(callerFor(alba).people.search({ query: "a", place: { kind: "room", id: room.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await expect(callerFor(null).people.search({ query: "al" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerFor(me).people.search({ query: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(me).people.search({ query: "x".repeat(61) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
