// Journey: commenting on a post follows it, and its followers hear
// of new comments, grouped per post while unread; Unfollow stops them (and a
// later comment of one's own does not undo it); the author follows their own
// post until they unfollow it.
import { describe, expect, it } from "vitest";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client } = liveHarness();

describe("following a post", () => {
  it("commenters follow the post: later comments reach them live, grouped, opening the comment", async () => {
    const [alice, bob, carol, dan] = await Promise.all([
      createUser({ name: "Alice" }),
      createUser({ name: "Bob" }),
      createUser({ name: "Carol" }),
      createUser({ name: "Dan" }),
    ]);
    const post = await callerFor(alice).posts.create({ title: "Trip", body: "Where to?" });
    expect(await callerFor(alice).posts.followState({ postId: post.id })).toEqual({ postId: post.id, following: true });
    expect(await callerFor(bob).posts.followState({ postId: post.id })).toEqual({ postId: post.id, following: false });

    await callerFor(bob).posts.addComment({ postId: post.id, body: "Mountains" });
    expect(await callerFor(bob).posts.followState({ postId: post.id })).toEqual({ postId: post.id, following: true });
    const tab = client(bob);
    await tab.subscribe(channels.user(bob.id));

    const first = await callerFor(carol).posts.addComment({ postId: post.id, body: "Sea" });
    await callerFor(dan).posts.addComment({ postId: post.id, body: "Both" });

    const events = await tab.waitForEvents(channels.user(bob.id), 2);
    expect(events.map((e) => e.type)).toEqual(["notification.created", "notification.updated"]);
    expect(events[0]!.data).toMatchObject({
      notification: { type: "post.reply", title: "Carol commented on “Trip”", link: `/posts/${post.id}#comment-${first.id}` },
    });
    expect(events[1]!.data).toMatchObject({ unreadCount: 1, notification: { groupCount: 2, title: "Dan and Carol commented on “Trip”" } });

    // The author's entry is the one it always was ("Comments on your posts").
    const aliceInbox = (await callerFor(alice).notifications.list({ limit: 10, unreadOnly: false })).items;
    expect(aliceInbox.map((n) => [n.type, n.title, n.groupCount])).toEqual([["post.commented", "Dan and 2 others commented on “Trip”", 3]]);
    // Carol followed by commenting, and hears of Dan's comment only.
    const carolInbox = (await callerFor(carol).notifications.list({ limit: 10, unreadOnly: false })).items;
    expect(carolInbox.map((n) => n.title)).toEqual(["Dan commented on “Trip”"]);
  });

  it("Unfollow stops them, a later comment of one's own does not follow again, and Follow brings them back", async () => {
    const [alice, bob, carol] = await Promise.all([createUser({ name: "Alice" }), createUser({ name: "Bob" }), createUser({ name: "Carol" })]);
    const post = await callerFor(alice).posts.create({ title: "Quiz", body: "" });
    await callerFor(bob).posts.addComment({ postId: post.id, body: "Me first" });

    expect(await callerFor(bob).posts.setFollow({ postId: post.id, following: false })).toEqual({ postId: post.id, following: false });
    expect(await callerFor(alice).posts.setFollow({ postId: post.id, following: false })).toEqual({ postId: post.id, following: false });
    await callerFor(bob).posts.addComment({ postId: post.id, body: "Still here" });
    await callerFor(carol).posts.addComment({ postId: post.id, body: "Answer" });

    expect((await callerFor(bob).notifications.list({ limit: 10, unreadOnly: false })).items).toEqual([]);
    // Alice unfollowed her own post: Bob's second comment and Carol's reach her no more.
    const aliceTitles = (await callerFor(alice).notifications.list({ limit: 10, unreadOnly: false })).items.map((n) => n.title);
    expect(aliceTitles).toEqual(["Bob commented on “Quiz”"]);

    await callerFor(bob).posts.setFollow({ postId: post.id, following: true });
    await callerFor(carol).posts.addComment({ postId: post.id, body: "Again" });
    const bobInbox = (await callerFor(bob).notifications.list({ limit: 10, unreadOnly: false })).items;
    expect(bobInbox.map((n) => [n.type, n.body])).toEqual([["post.reply", "Again"]]);
  });

  it("muting the post silences followers; a missing post and bad input are refused", async () => {
    const [alice, bob, carol] = await Promise.all([createUser(), createUser(), createUser({ name: "Carol" })]);
    const post = await callerFor(alice).posts.create({ title: "Muted", body: "" });
    await callerFor(bob).posts.setFollow({ postId: post.id, following: true });
    await callerFor(bob).preferences.mute({ kind: "post", targetId: post.id });
    await callerFor(carol).posts.addComment({ postId: post.id, body: "Hello" });
    expect((await callerFor(bob).notifications.list({ limit: 10, unreadOnly: false })).items).toEqual([]);

    await expect(callerFor(bob).posts.setFollow({ postId: "no-such-post", following: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(bob).posts.followState({ postId: "no-such-post" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      callerFor(bob).posts.setFollow({ postId: post.id, following: "yes" as unknown as boolean }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(null).posts.setFollow({ postId: post.id, following: true })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
