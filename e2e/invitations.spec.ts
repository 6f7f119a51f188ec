// Journeys: Alice invites Bob to a private room; Bob, with his
// inbox open in two tabs, accepts from the notification in one; both tabs
// show "Accepted" without buttons, Alice's "Invited — pending" gives way to
// Bob as a member, and Bob gets in. Carol declines a document invitation
// from the bell. Alice replies inline, with the keyboard, to Bob's comment.
import { expect, test, type Page } from "./support/test";
import { demo, signedInPage } from "./support/accounts";
import { mutate } from "./support/trpc";

const entry = (page: Page, text: string) => page.getByTestId("notification-item").filter({ hasText: text });

test("invited to a private room: accept in one tab, every tab and the owner follow", async ({ browser }) => {
  test.setTimeout(360_000); // three pages on a busy machine
  const name = `Invite-only ${Date.now()}`;
  const alice = await signedInPage(browser, demo.alice, "/rooms");
  const form = alice.getByRole("form", { name: "New room" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Only people I add").check();
  await form.getByRole("button", { name: "Create room" }).click();
  await expect(alice).toHaveURL(/\/rooms\/[A-Za-z0-9_-]+$/);
  const path = new URL(alice.url()).pathname;

  const bob = await signedInPage(browser, demo.bob, "/inbox");
  const bobsOtherTab = await bob.context().newPage();
  await bobsOtherTab.goto("/inbox");

  await alice.getByLabel("Add by email").fill(demo.bob.email);
  await alice.getByRole("button", { name: "Add member" }).click();
  await expect(alice.getByText("Invited Bob: they join once they accept.")).toBeVisible();
  await expect(alice.getByTestId("pending-invitations")).toContainText("Bob");
  await expect(alice.getByTestId("pending-invitations")).toContainText("Invited — pending");
  await expect(alice.getByTestId("member-list")).not.toContainText("Bob");

  // Both of Bob's tabs show the invitation live, with Alice's avatar (her initials) and the buttons.
  for (const page of [bob, bobsOtherTab]) {
    const invitation = entry(page, name);
    await expect(invitation).toContainText("Alice invited you to the private room");
    await expect(invitation.getByTestId("avatar-initials")).toHaveText("A");
    await expect(invitation.getByRole("button", { name: /^Accept/ })).toBeVisible();
    await expect(invitation.getByRole("button", { name: /^Decline/ })).toBeVisible();
  }
  // Not in yet.
  await bobsOtherTab.goto(path);
  await expect(bobsOtherTab.getByTestId("room-refused")).toBeVisible();
  await bobsOtherTab.goto("/inbox");
  await expect(entry(bobsOtherTab, name).getByRole("button", { name: /^Accept/ })).toBeVisible();

  // Accept with the keyboard in the first tab.
  await entry(bob, name).getByRole("button", { name: /^Accept/ }).focus();
  await bob.keyboard.press("Enter");
  for (const page of [bob, bobsOtherTab]) {
    await expect(entry(page, name).getByTestId("action-result")).toHaveText("Accepted");
    await expect(entry(page, name).getByRole("button", { name: /^(Accept|Decline)/ })).toHaveCount(0);
  }
  // Alice's panel follows: no longer pending, a member.
  await expect(alice.getByTestId("member-list")).toContainText("Bob");
  await expect(alice.getByTestId("pending-invitations")).toHaveCount(0);
  await bob.goto(path);
  await expect(bob.getByRole("heading", { name, level: 1 })).toBeVisible();
});

test("a document invitation declined from the bell; the owner's pending list empties", async ({ browser }) => {
  test.setTimeout(240_000);
  const title = `Declined doc ${Date.now()}`;
  const alice = await signedInPage(browser, demo.alice, "/docs");
  const create = alice.getByRole("form", { name: "New document" });
  await create.getByLabel("Title").fill(title);
  await create.getByRole("button", { name: "Create and open" }).click();
  await expect(alice).toHaveURL(/\/docs\/[A-Za-z0-9_-]+$/);
  const path = new URL(alice.url()).pathname;
  const carol = await signedInPage(browser, demo.carol, "/");

  const share = alice.getByRole("form", { name: "Share document" });
  await share.getByLabel("Email").fill(demo.carol.email);
  await share.getByRole("button", { name: "Share" }).click();
  await expect(alice.getByTestId("pending-invitations")).toContainText("Carol");

  await carol.getByRole("button", { name: /^Notifications/ }).click();
  const inBell = carol.getByTestId("bell-entry").filter({ hasText: title });
  await inBell.getByRole("button", { name: /^Decline/ }).click();
  await expect(inBell.getByTestId("action-result")).toHaveText("Declined");
  await expect(inBell.getByRole("button", { name: /^Accept/ })).toHaveCount(0);
  await expect(alice.getByTestId("pending-invitations")).toHaveCount(0);
  // Not shared with her: the page refuses (the bell, closed, still holds the entry).
  await carol.goto(path);
  await expect(carol.getByRole("heading", { name: title, level: 1 })).toHaveCount(0);
});

test("reply inline to a comment, with the keyboard: the comment appears on the post", async ({ browser }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const alice = await signedInPage(browser, demo.alice, "/inbox");
  const bob = await signedInPage(browser, demo.bob, "/");
  const post = (await mutate(alice, "posts.create", { title: `Lunch ${stamp}`, body: "Where?" })) as { id: string };
  await mutate(bob, "posts.addComment", { postId: post.id, body: `The usual place ${stamp}` });
  await bob.goto(`/posts/${post.id}`);

  const comment = entry(alice, `Lunch ${stamp}`);
  await comment.getByRole("button", { name: /^Reply/ }).focus();
  await alice.keyboard.press("Enter");
  const field = comment.getByLabel("Your reply");
  await expect(field).toBeFocused();
  await alice.keyboard.type(`See you there ${stamp}`);
  await alice.keyboard.press("Control+Enter");
  await expect(comment.getByTestId("action-result")).toHaveText("Replied");
  await expect(comment.getByRole("status")).toHaveText("Reply sent.");
  await expect(comment).toHaveAttribute("data-unread", "false");
  await expect(bob.getByTestId("comment-item").filter({ hasText: `See you there ${stamp}` })).toHaveCount(1);
});
