// Journey: ten people comment on Alice's post; her inbox shows one entry
// ("Bea and 9 others commented…") that updated live, the single comments are
// still there under it, and her badge counts what the inbox shows.
import { describe, expect, it } from "vitest";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client } = liveHarness();

describe("grouped notifications", () => {
  it("ten comments on one post make one entry, and the badge equals the inbox's unread count", async () => {
    const alice = await createUser({ name: "Alice" });
    const commenters = await Promise.all(Array.from({ length: 10 }, (_, i) => createUser({ name: `Person ${i + 1}` })));
    const tab = client(alice);
    await tab.subscribe(channels.user(alice.id));
    const post = await callerFor(alice).posts.create({ title: "Roadmap", body: "Thoughts?" });
    const other = await callerFor(alice).posts.create({ title: "Lunch", body: "" });

    for (const [i, person] of commenters.entries()) {
      await callerFor(person).posts.addComment({ postId: post.id, body: `Comment ${i + 1}` });
    }
    await callerFor(commenters[0]!).posts.addComment({ postId: other.id, body: "Pizza" });

    const events = await tab.waitForEvents(channels.user(alice.id), 11);
    expect(events.map((e) => e.type)).toEqual([
      "notification.created",
      ...Array(9).fill("notification.updated"),
      "notification.created",
    ]);
    // Live: the last update carries the whole group, and the count never went past 1 for it.
    const last = events[9]!;
    expect(last.data).toMatchObject({
      unreadCount: 1,
      notification: { groupCount: 10, title: "Person 10 and 9 others commented on “Roadmap”" },
    });

    const inbox = await callerFor(alice).notifications.list({ limit: 20, unreadOnly: false });
    expect(inbox.items.map((n) => [n.title, n.groupCount])).toEqual([
      ["Person 1 commented on “Lunch”", 1],
      ["Person 10 and 9 others commented on “Roadmap”", 10],
    ]);
    const unreadEntries = (await callerFor(alice).notifications.list({ limit: 20, unreadOnly: true })).items.length;
    const summary = await callerFor(alice).notifications.summary();
    expect(summary.unreadCount).toBe(unreadEntries);
    expect(await callerFor(alice).notifications.unreadCount()).toBe(2);

    // The single items stay reachable, newest first.
    const group = inbox.items[1]!;
    const items = await callerFor(alice).notifications.groupItems({ id: group.id });
    expect(items.map((n) => n.body)).toEqual(Array.from({ length: 10 }, (_, i) => `Comment ${10 - i}`));
    expect(items[9]!.title).toBe("Person 1 commented on “Roadmap”");

    // Reading the entry reads them all; the next comment starts a new entry.
    await callerFor(alice).notifications.markRead({ id: group.id });
    expect(await callerFor(alice).notifications.unreadCount()).toBe(1);
    await callerFor(commenters[3]!).posts.addComment({ postId: post.id, body: "One more" });
    const after = await callerFor(alice).notifications.list({ limit: 20, unreadOnly: true });
    expect(after.items.map((n) => [n.title, n.groupCount])).toEqual([
      ["Person 4 commented on “Roadmap”", 1],
      ["Person 1 commented on “Lunch”", 1],
    ]);
    expect((await callerFor(alice).notifications.summary()).unreadCount).toBe(after.items.length);
  });

  it("a new comment brings a snoozed entry back now, with it, instead of starting a second one", async () => {
    const [alice, bob, carol] = await Promise.all([createUser(), createUser({ name: "Bob" }), createUser({ name: "Carol" })]);
    const tab = client(alice);
    await tab.subscribe(channels.user(alice.id));
    const post = await callerFor(alice).posts.create({ title: "Later", body: "" });
    await callerFor(bob).posts.addComment({ postId: post.id, body: "one" });
    const [entry] = (await callerFor(alice).notifications.list({ limit: 5, unreadOnly: false })).items;
    await callerFor(alice).preferences.snooze({ id: entry!.id, until: new Date(Date.now() + 3_600_000) });
    expect(await callerFor(alice).notifications.unreadCount()).toBe(0);

    await callerFor(carol).posts.addComment({ postId: post.id, body: "two" });

    const inbox = await callerFor(alice).notifications.list({ limit: 5, unreadOnly: false });
    expect(inbox.items.map((n) => [n.id, n.title, n.groupCount])).toEqual([[entry!.id, "Carol and Bob commented on “Later”", 2]]);
    expect(await callerFor(alice).notifications.unreadCount()).toBe(1);
    const events = await tab.waitForEvents(channels.user(alice.id), 3);
    expect(events.map((e) => e.type)).toEqual(["notification.created", "notification.snoozed", "notification.updated"]);
    expect(events[2]!.data).toMatchObject({ unreadCount: 1, notification: { id: entry!.id, groupCount: 2 } });
  });

  it("someone else's entry cannot be opened", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const post = await callerFor(alice).posts.create({ title: "Mine", body: "" });
    await callerFor(bob).posts.addComment({ postId: post.id, body: "hi" });
    const [entry] = (await callerFor(alice).notifications.list({ limit: 5, unreadOnly: false })).items;
    await expect(callerFor(bob).notifications.groupItems({ id: entry!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
