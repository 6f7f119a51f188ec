// Reactions: Bob reacts to Alice's message and Alice sees it live,
// with who reacted in the chip's tooltip; both toggle (by mouse and by
// keyboard, through the chip and through the add-reaction set); Bob takes
// his back and it goes away on Alice's page. The same on a post in the feed
// and a comment on the post's page.
import { expect, test, type Locator, type Page } from "./support/test";
import { demo, signedInPage } from "./support/accounts";
import { mutate } from "./support/trpc";

const chip = (scope: Locator, emoji: string) => scope.locator(`.reaction-chip[data-emoji="${emoji}"]`);

async function reactWith(scope: Locator, label: string) {
  await scope.getByRole("button", { name: "Add reaction" }).click();
  await scope.getByRole("group", { name: "Choose a reaction" }).getByRole("button", { name: label }).click();
}

function messageOn(page: Page, text: string) {
  return page.getByTestId("message-item").filter({ hasText: text });
}

test("two people react to a room message: live, with who reacted, on and off, by keyboard", async ({ browser }) => {
  test.setTimeout(300_000); // two browsers on a busy machine
  const alice = await signedInPage(browser, demo.alice, "/rooms");
  const room = (await mutate(alice, "rooms.create", { name: `Reactions ${Date.now()}`, visibility: "PUBLIC" })) as { id: string };
  const text = `Lunch at noon? ${Date.now()}`;
  await mutate(alice, "rooms.send", { roomId: room.id, body: text });
  await alice.goto(`/rooms/${room.id}`);
  const bob = await signedInPage(browser, demo.bob, `/rooms/${room.id}`);
  const onAlice = messageOn(alice, text);
  const onBob = messageOn(bob, text);
  await expect(onAlice).toHaveCount(1);
  await expect(onBob.getByRole("button", { name: "Add reaction" })).toBeEnabled();

  // Bob reacts: his chip is there and pressed at once; Alice sees it live, not pressed, "Bob" in its tooltip.
  await reactWith(onBob, "React with thumbs up");
  await expect(chip(onBob, "👍")).toHaveText(/1/);
  await expect(chip(onBob, "👍")).toHaveAttribute("aria-pressed", "true");
  await expect(chip(onAlice, "👍")).toHaveText(/1/);
  await expect(chip(onAlice, "👍")).toHaveAttribute("aria-pressed", "false");
  await expect(chip(onAlice, "👍")).toHaveAttribute("title", "Bob");

  // Alice adds hers with the keyboard, on the chip itself.
  await chip(onAlice, "👍").focus();
  await alice.keyboard.press("Enter");
  await expect(chip(onAlice, "👍")).toHaveAttribute("aria-pressed", "true");
  await expect(chip(onAlice, "👍")).toHaveText(/2/);
  await expect(chip(onBob, "👍")).toHaveText(/2/);
  await expect(chip(onBob, "👍")).toHaveAttribute("title", "You and Alice");
  await expect(chip(onBob, "👍")).toHaveAccessibleName(/thumbs up 2/);

  // The set by keyboard: opens on the first emoji, arrows move, Enter picks and closes, focus returns.
  const add = onAlice.getByRole("button", { name: "Add reaction" });
  await add.focus();
  await alice.keyboard.press("Enter");
  const choices = onAlice.getByRole("group", { name: "Choose a reaction" });
  await expect(choices.getByRole("button", { name: "Remove thumbs up" })).toBeFocused();
  await alice.keyboard.press("ArrowRight");
  await expect(choices.getByRole("button", { name: "React with heart" })).toBeFocused();
  await alice.keyboard.press("Enter");
  await expect(choices).toHaveCount(0);
  await expect(add).toBeFocused();
  await expect(chip(onBob, "❤️")).toHaveText(/1/);
  await expect(chip(onBob, "❤️")).toHaveAttribute("title", "Alice");
  // Escape closes it without choosing.
  await alice.keyboard.press("Enter");
  await expect(choices).toHaveCount(1);
  await alice.keyboard.press("Escape");
  await expect(choices).toHaveCount(0);
  await expect(add).toBeFocused();

  // Bob takes his thumbs up back: one left on both pages, Alice's.
  await chip(onBob, "👍").click();
  await expect(chip(onBob, "👍")).toHaveAttribute("aria-pressed", "false");
  await expect(chip(onAlice, "👍")).toHaveText(/1/);
  await expect(chip(onAlice, "👍")).toHaveAttribute("title", "You");
  // Alice takes hers back too: the chip goes away for both.
  await chip(onAlice, "👍").click();
  await expect(chip(onAlice, "👍")).toHaveCount(0);
  await expect(chip(onBob, "👍")).toHaveCount(0);
  await expect(chip(onBob, "❤️")).toHaveText(/1/);

  // A reload shows what the server has (one query for the page's messages).
  const lists: string[] = [];
  bob.on("request", (r) => {
    if (r.url().includes("reactions.list")) lists.push(r.url());
  });
  await bob.reload();
  // The page loads again first (slow on a busy machine).
  await expect(chip(messageOn(bob, text), "❤️")).toHaveText(/1/, { timeout: 30_000 });
  await expect(chip(messageOn(bob, text), "❤️")).toHaveAttribute("aria-pressed", "false");
  expect(lists).toHaveLength(1);
});

test("reactions on a post in the feed and a comment on its page reach the other person live", async ({ browser }) => {
  test.setTimeout(300_000); // two browsers on a busy machine
  const alice = await signedInPage(browser, demo.alice, "/feed");
  const title = `React to this ${Date.now()}`;
  const post = (await mutate(alice, "posts.create", { title, body: "Please react" })) as { id: string };
  const comment = (await mutate(alice, "posts.addComment", { postId: post.id, body: "A comment to react to" })) as { id: string };
  const bob = await signedInPage(browser, demo.bob, "/feed");

  const bobsPost = bob.getByTestId("post-item").filter({ hasText: title });
  const alicesPost = alice.getByTestId("post-item").filter({ hasText: title });
  await expect(alicesPost).toHaveCount(1);
  await reactWith(bobsPost, "React with party");
  await expect(chip(alicesPost, "🎉")).toHaveText(/1/);
  await expect(chip(alicesPost, "🎉")).toHaveAttribute("title", "Bob");

  // On the post's page: the post's reactions and a comment's, live both ways.
  await alice.goto(`/posts/${post.id}`);
  await bob.goto(`/posts/${post.id}`);
  const alicesComment = alice.locator(`[data-comment-id="${comment.id}"]`);
  const bobsComment = bob.locator(`[data-comment-id="${comment.id}"]`);
  await expect(chip(alice.getByTestId("post-detail").locator("header"), "🎉")).toHaveText(/1/);
  await reactWith(bobsComment, "React with surprised");
  await expect(chip(alicesComment, "😮")).toHaveText(/1/);
  await chip(alicesComment, "😮").click();
  await expect(chip(bobsComment, "😮")).toHaveText(/2/);
  await chip(bobsComment, "😮").click();
  await chip(alicesComment, "😮").click();
  await expect(chip(alicesComment, "😮")).toHaveCount(0);
  await expect(chip(bobsComment, "😮")).toHaveCount(0);

  // 360 px wide, with the set open: the bar wraps inside the page, nothing sideways.
  await bob.setViewportSize({ width: 360, height: 740 });
  await bobsComment.getByRole("button", { name: "Add reaction" }).click();
  await expect(bobsComment.getByRole("group", { name: "Choose a reaction" })).toBeVisible();
  expect(await bob.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await bob.screenshot({ path: test.info().outputPath("reactions-360.png"), fullPage: true });
});
