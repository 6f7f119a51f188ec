// Journeys of direct messages and unread counts, with three people: Bob
// starts a conversation from Alice's name in a room's presence list; Alice,
// elsewhere in two tabs, gets a notification, sees the conversation's unread
// count and last message and the header's total, live in both tabs; opening
// it in one tab clears the other, and Bob sees "Seen by Alice"; typing shows
// both ways; a room message moves the room up Alice's rooms list with its
// count; Carol cannot open their conversation.
import { expect as baseExpect, test, type Browser, type Page } from "./support/test";
import { demo, signedInContextPage } from "./support/accounts";

// Three browsers and several tabs on a loaded 2-core machine: connecting can take a while.
const expect = baseExpect.configure({ timeout: 30_000 });

/** signedInPage, with this file's patience for the live connection. */
async function signedInPage(browser: Browser, who: { email: string; password: string }, path: string) {
  const page = await signedInContextPage(browser, who);
  await page.goto(path);
  await expect(page.getByTestId("connection-status")).toContainText("Live");
  return page;
}

const messagesBadge = (page: Page) => page.getByTestId("messages-badge");

async function badgeNumber(page: Page): Promise<number> {
  const badge = messagesBadge(page);
  if (!(await badge.isVisible())) return 0;
  return Number(await badge.innerText());
}

async function send(page: Page, text: string) {
  const composer = page.getByRole("form", { name: "Send a message" });
  await composer.getByLabel("Message").fill(text);
  await composer.getByRole("button", { name: "Send" }).click();
  await expect(composer.getByLabel("Message")).toHaveValue("");
}

test("a direct conversation: started from a name, unread live in every tab, read receipts, typing, reactions, refused to others", async ({ browser }) => {
  test.setTimeout(480_000); // three browsers and five tabs on a busy machine
  const stamp = Date.now();
  // Alice makes a room (she follows it as its owner) and stays in it; Bob joins.
  const alice = await signedInPage(browser, demo.alice, "/rooms");
  const roomName = `Corridor ${stamp}`;
  const form = alice.getByRole("form", { name: "New room" });
  await form.getByLabel("Name").fill(roomName);
  await form.getByRole("button", { name: "Create room" }).click();
  await expect(alice).toHaveURL(/\/rooms\/[A-Za-z0-9_-]+$/);
  const roomPath = new URL(alice.url()).pathname;
  const bob = await signedInPage(browser, demo.bob, roomPath);

  // Bob starts a conversation from Alice's name in the room's presence list.
  const aliceOnline = bob.getByTestId("online-member").filter({ hasText: "Alice" });
  await aliceOnline.getByRole("link", { name: "Message Alice" }).click();
  await expect(bob).toHaveURL(/\/messages\/new\?to=/);
  await expect(bob.getByTestId("people-chosen")).toContainText("Alice");
  await bob.getByRole("button", { name: "Start conversation" }).click();
  await expect(bob).toHaveURL(/\/messages\/[A-Za-z0-9_-]+$/);
  const conversationPath = new URL(bob.url()).pathname;
  await expect(bob.getByRole("heading", { name: "Alice", level: 1 })).toBeVisible();

  // Alice, elsewhere: her messages list in one tab, the rooms list in another.
  await alice.goto("/messages");
  const alicesRooms = await alice.context().newPage();
  await alicesRooms.goto("/rooms");
  await expect(alicesRooms.getByTestId("connection-status")).toContainText("Live");
  const before = await badgeNumber(alice);

  const hello = `Hello Alice <i>plain</i> ${stamp}`;
  await send(bob, hello);
  await expect(bob.getByTestId("message-item").filter({ hasText: hello })).toHaveCount(1);

  // Both of Alice's tabs: the header's total goes up; the list shows the count and the message.
  for (const page of [alice, alicesRooms]) await expect(messagesBadge(page)).toHaveText(String(before + 1));
  const entry = alice.getByTestId("chat-item").filter({ hasText: "Bob" }).first();
  await expect(entry.getByTestId("chat-unread")).toHaveText("1");
  await expect(entry.getByTestId("chat-last")).toContainText(hello);
  // And a notification, since she does not have the conversation open.
  await alice.getByRole("button", { name: /Notifications/ }).click();
  await expect(alice.locator(".bell-panel")).toContainText("Message from Bob");
  await alice.keyboard.press("Escape");

  // She opens it in one tab: the other tab's total clears, and Bob sees she read it.
  const alicesReader = await alice.context().newPage();
  await alicesReader.goto(conversationPath);
  await expect(alicesReader.getByTestId("message-item").filter({ hasText: hello })).toHaveCount(1);
  await expect(alicesReader.getByTestId("message-item").filter({ hasText: hello }).locator("i")).toHaveCount(0);
  for (const page of [alice, alicesRooms]) {
    if (before === 0) await expect(messagesBadge(page)).toBeHidden();
    else await expect(messagesBadge(page)).toHaveText(String(before));
  }
  await expect(entry.getByTestId("chat-unread")).toBeHidden();
  await expect(bob.getByTestId("message-item").filter({ hasText: hello }).getByTestId("seen-by")).toHaveText("Seen by Alice");

  // Typing shows to the other side, on the conversation's presence channel.
  await alicesReader.getByRole("form", { name: "Send a message" }).getByLabel("Message").pressSequentially("On my w");
  await expect(bob.getByTestId("typing-line")).toHaveText("Alice is typing…");
  const reply = `On my way ${stamp}`;
  await send(alicesReader, reply);
  await expect(bob.getByTestId("message-item").filter({ hasText: reply })).toHaveCount(1);
  await expect(bob.getByTestId("typing-line")).not.toContainText("typing");
  // Bob has it open and reads it at once: Alice sees her reply seen.
  await expect(alicesReader.getByTestId("message-item").filter({ hasText: reply }).getByTestId("seen-by")).toHaveText("Seen by Bob");
  // Seen by Bob moved to her newest message: only one receipt shows for him.
  await expect(alicesReader.getByTestId("seen-by")).toHaveCount(1);

  // Bob reacts to her reply: she sees it live, with his name on it.
  const replyOnBob = bob.getByTestId("message-item").filter({ hasText: reply });
  await replyOnBob.getByRole("button", { name: "Add reaction" }).click();
  await replyOnBob.getByRole("group", { name: "Choose a reaction" }).getByRole("button", { name: "React with heart" }).click();
  const heart = alicesReader.getByTestId("message-item").filter({ hasText: reply }).locator('.reaction-chip[data-emoji="❤️"]');
  await expect(heart).toHaveText(/1/);
  await expect(heart).toHaveAttribute("title", "Bob");

  // A room message: the room moves to the top of Alice's rooms list with its count and text.
  await bob.goto(roomPath);
  const inRoom = `Coffee? ${stamp}`;
  await send(bob, inRoom);
  const firstRoom = alicesRooms.getByTestId("chat-item").first();
  await expect(firstRoom).toContainText(roomName);
  await expect(firstRoom.getByTestId("chat-unread")).toHaveText("1");
  await expect(firstRoom.getByTestId("chat-last")).toContainText(inRoom);

  // Carol is not in the conversation: the page refuses her.
  const carol = await signedInPage(browser, demo.carol, conversationPath);
  await expect(carol.getByTestId("conversation-refused")).toBeVisible();
  await expect(carol.getByText(hello)).toHaveCount(0);
});

test("a group conversation from the people finder: by name, by whole email, by keyboard", async ({ browser }) => {
  test.setTimeout(180_000);
  const alice = await signedInPage(browser, demo.alice, "/messages/new");
  await expect(alice.getByTestId("nobody-chosen")).toBeVisible();
  const find = alice.getByLabel("Find people");
  const found = alice.getByTestId("people-found");

  // A part of a name finds Bob; Add puts him in the To list.
  await find.fill("bo");
  await found.getByRole("button", { name: "Add Bob", exact: true }).click();
  await expect(alice.getByTestId("people-chosen")).toContainText("Bob");
  await expect(find).toHaveValue("");
  // Part of an email finds nobody; the whole address finds Carol, and Enter adds her.
  await find.fill("carol@exam");
  await expect(found).toContainText("Nobody matches.");
  await find.fill(demo.carol.email);
  await expect(found.getByRole("button", { name: "Add Carol", exact: true })).toBeVisible();
  await find.press("Enter");
  await expect(alice.getByTestId("people-chosen")).toContainText("Carol");
  // Someone chosen is not offered again.
  await find.fill("bo");
  await expect(found).not.toContainText("Searching…");
  await expect(found.getByRole("button", { name: "Add Bob", exact: true })).toHaveCount(0);

  await alice.getByRole("button", { name: "Start group conversation" }).click();
  await expect(alice).toHaveURL(/\/messages\/[A-Za-z0-9_-]+$/);
  await expect(alice.getByRole("heading", { name: "Bob, Carol", level: 1 })).toBeVisible();
});
