// Journeys: an announcement to everyone reaches open inboxes live and is
// counted once (never twice as it becomes a stored copy); comments on one
// post group into one inbox entry that the badge counts once.
import { expect, test } from "./support/test";
import { demo, signedInPage, unreadBadge } from "./support/accounts";
import { sendAsAdmin } from "./support/notifications";
import { mutate } from "./support/trpc";

test("an announcement to everyone appears live in Alice's inbox and badge, once", async ({ browser }) => {
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const alice = await signedInPage(browser, demo.alice, "/inbox");
  const before = await unreadBadge(alice);
  const stamp = Date.now();
  const title = `Office closed Friday ${stamp}`;

  await mutate(admin, "admin.sendAnnouncement", { audience: { kind: "everyone" }, title, body: "Enjoy the long weekend." });
  const entry = alice.getByTestId("notification-item").filter({ hasText: title });
  await expect(entry).toHaveCount(1);
  await expect.poll(() => unreadBadge(alice)).toBe(before + 1);

  // A notification sent after it carries a count that includes it: still +1 for it, not +2.
  await sendAsAdmin(admin, demo.alice.email, `Reminder ${stamp}`, "");
  await expect(alice.getByTestId("notification-item").filter({ hasText: `Reminder ${stamp}` })).toHaveCount(1);
  await expect.poll(() => unreadBadge(alice)).toBe(before + 2);

  // Read it: gone from the badge here and after a reload (the read state is kept).
  await entry.getByRole("button", { name: `Mark “${title}” read` }).click();
  await expect.poll(() => unreadBadge(alice)).toBe(before + 1);
  await alice.reload();
  await expect(entry).toHaveAttribute("data-unread", "false");
  await expect.poll(() => unreadBadge(alice)).toBe(before + 1);
});

test("comments from Bob and Carol on Alice's post are one inbox entry, counted once", async ({ browser }) => {
  const alice = await signedInPage(browser, demo.alice, "/inbox");
  const bob = await signedInPage(browser, demo.bob, "/feed");
  const carol = await signedInPage(browser, demo.carol, "/feed");
  const before = await unreadBadge(alice);
  const postTitle = `Grouping ${Date.now()}`;
  const post = (await mutate(alice, "posts.create", { title: postTitle, body: "Ideas welcome" })) as { id: string };

  await mutate(bob, "posts.addComment", { postId: post.id, body: "First idea" });
  const entry = alice.getByTestId("notification-item").filter({ hasText: postTitle });
  await expect(entry).toHaveCount(1);
  await mutate(carol, "posts.addComment", { postId: post.id, body: "Second idea" });
  await mutate(bob, "posts.addComment", { postId: post.id, body: "Third idea" });

  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(`Bob and Carol commented on “${postTitle}”`);
  await expect.poll(() => unreadBadge(alice)).toBe(before + 1);
  await entry.getByRole("button", { name: "Show all 3" }).click();
  await expect(entry.getByTestId("group-items").locator("li")).toHaveText([/Third idea/, /Second idea/, /First idea/]);
});

test("Alice, added to a team while her inbox is open, gets its urgent announcement live; Bob does not", async ({ browser }) => {
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const alice = await signedInPage(browser, demo.alice, "/inbox");
  const bob = await signedInPage(browser, demo.bob, "/inbox");
  const [aliceBefore, bobBefore] = [await unreadBadge(alice), await unreadBadge(bob)];
  const stamp = Date.now();

  const team = (await mutate(admin, "teams.create", { name: `On call ${stamp}` })) as { id: string };
  await mutate(admin, "teams.addMember", { teamId: team.id, email: demo.alice.email });
  // Her page hears that she joined (on her own channel) and starts listening to the team's.
  const title = `Pager rota changed ${stamp}`;
  await mutate(admin, "admin.sendAnnouncement", { audience: { kind: "team", teamId: team.id }, title, urgent: true });
  const entry = alice.getByTestId("notification-item").filter({ hasText: title });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Urgent");
  // Two new: "You were added to On call …" and the announcement.
  await expect.poll(() => unreadBadge(alice)).toBe(aliceBefore + 2);

  await bob.reload();
  await expect(bob.getByTestId("notification-item").filter({ hasText: title })).toHaveCount(0);
  await expect.poll(() => unreadBadge(bob)).toBe(bobBefore);
});
