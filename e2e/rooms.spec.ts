// Journeys in a room: three people see each other online; Alice's typing
// shows to Bob and goes away after she stops; Bob's message reaches Alice
// and Carol once; Carol closing her page takes her off the others' lists;
// a non-member cannot open a private room; Alice and Bob reordering the
// agenda at the same moment end with the same order, the server's.
import { expect, test, type Page } from "./support/test";
import { demo, signedInPage } from "./support/accounts";
import { acceptNewestInvitation } from "./support/invitations";

async function createRoom(page: Page, name: string, visibility: "Everyone signed in" | "Only people I add") {
  await page.goto("/rooms");
  const form = page.getByRole("form", { name: "New room" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel(visibility).check();
  await form.getByRole("button", { name: "Create room" }).click();
  await expect(page).toHaveURL(/\/rooms\/[A-Za-z0-9_-]+$/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  return new URL(page.url()).pathname;
}

const online = (page: Page) => page.getByTestId("online-member");
const onlineNames = (page: Page) => online(page).locator(".online-name");

test("three people in a room: presence, typing, one message each, leaving", async ({ browser }) => {
  test.setTimeout(180_000); // three browsers on a busy machine
  const alice = await signedInPage(browser, demo.alice, "/rooms");
  const path = await createRoom(alice, `Standup ${Date.now()}`, "Everyone signed in");
  const bob = await signedInPage(browser, demo.bob, path);
  const carol = await signedInPage(browser, demo.carol, path);

  // Everyone sees all three, once each.
  for (const page of [alice, bob, carol]) {
    await expect(online(page)).toHaveCount(3);
    for (const name of ["Alice", "Bob", "Carol"]) {
      await expect(onlineNames(page).filter({ hasText: name })).toHaveCount(1);
    }
  }
  // A second tab of Bob's does not count twice.
  const bobsSecondTab = await bob.context().newPage();
  await bobsSecondTab.goto(path);
  await expect(online(bobsSecondTab)).toHaveCount(3);
  await expect(online(alice)).toHaveCount(3);
  await bobsSecondTab.close();

  // Alice types: Bob sees it, then it goes once she stops (3 s without a signal).
  const aliceComposer = alice.getByRole("form", { name: "Send a message" }).getByLabel("Message");
  await aliceComposer.pressSequentially("Hello ever");
  await expect(bob.getByTestId("typing-line")).toHaveText("Alice is typing…");
  await expect(bob.locator('[data-testid="online-member"][data-status="typing"]')).toContainText("Alice");
  await expect(bob.getByTestId("typing-line")).not.toContainText("typing", { timeout: 15_000 });
  await expect(alice.getByTestId("typing-line")).not.toContainText("typing");

  // Bob sends: Alice and Carol see it exactly once, as text.
  const text = `From Bob <b>not bold</b> ${Date.now()}`;
  const bobComposer = bob.getByRole("form", { name: "Send a message" });
  await bobComposer.getByLabel("Message").fill(text);
  await bobComposer.getByRole("button", { name: "Send" }).click();
  await expect(bobComposer.getByLabel("Message")).toHaveValue("");
  for (const page of [alice, carol, bob]) {
    const item = page.getByTestId("message-item").filter({ hasText: text });
    await expect(item).toHaveCount(1);
    await expect(item.locator("b")).toHaveCount(0);
  }
  // Still once after the event had every chance to arrive twice.
  await expect(alice.getByTestId("connection-status")).toContainText("Live");
  await alice.waitForTimeout(500);
  await expect(alice.getByTestId("message-item").filter({ hasText: text })).toHaveCount(1);
  await expect(carol.getByTestId("message-item").filter({ hasText: text })).toHaveCount(1);

  // The length limit shows as Bob types.
  await bobComposer.getByLabel("Message").fill("x".repeat(2_001));
  await expect(bobComposer.getByText("Keep messages under 2,000 characters")).toBeVisible();
  await bobComposer.getByLabel("Message").fill("");

  // Carol closes her page: she leaves the others' lists.
  await carol.context().close();
  for (const page of [alice, bob]) {
    await expect(online(page)).toHaveCount(2);
    await expect(onlineNames(page).filter({ hasText: "Carol" })).toHaveCount(0);
  }
});

test("a person who is not a member cannot open a private room", async ({ browser }) => {
  const alice = await signedInPage(browser, demo.alice, "/rooms");
  const name = `Private ${Date.now()}`;
  const path = await createRoom(alice, name, "Only people I add");
  await expect(alice.getByRole("heading", { name: "Members" })).toBeVisible();

  const bob = await signedInPage(browser, demo.bob, path);
  await expect(bob.getByTestId("room-refused")).toContainText("You cannot open this room");
  await expect(bob.getByText(name)).toHaveCount(0);
  await bob.goto("/rooms");
  await expect(bob.getByRole("link", { name })).toHaveCount(0);

  // Once Alice adds him and he accepts, he can.
  await alice.getByLabel("Add by email").fill("bob@example.com");
  await alice.getByRole("button", { name: "Add member" }).click();
  await expect(alice.getByTestId("pending-invitations")).toContainText("Bob");
  await acceptNewestInvitation(bob);
  await expect(alice.getByTestId("member-list")).toContainText("Bob");
  await bob.goto(path);
  await expect(bob.getByRole("heading", { name, level: 1 })).toBeVisible();

  // Removed while on the page: the room closes for him at once.
  await alice.getByRole("button", { name: "Remove Bob from the room" }).click();
  await expect(bob.getByTestId("room-refused")).toBeVisible();
  await expect(alice.getByTestId("member-list")).not.toContainText("Bob");
});

async function agendaOrder(page: Page): Promise<string[]> {
  return page.getByTestId("agenda-item").locator(".agenda-title").allInnerTexts();
}

test("Alice and Bob reorder the agenda at the same moment and end with the same order", async ({ browser }) => {
  test.setTimeout(180_000);
  const alice = await signedInPage(browser, demo.alice, "/rooms");
  const path = await createRoom(alice, `Planning ${Date.now()}`, "Everyone signed in");
  const addForm = alice.getByRole("form", { name: "Add to the agenda" });
  for (const title of ["One", "Two", "Three", "Four", "Five"]) {
    await addForm.getByLabel("New item").fill(title);
    await addForm.getByRole("button", { name: "Add" }).click();
    await expect(alice.getByTestId("agenda-item").filter({ hasText: title })).toHaveCount(1);
  }
  const bob = await signedInPage(browser, demo.bob, path);
  await expect.poll(() => agendaOrder(bob)).toEqual(["One", "Two", "Three", "Four", "Five"]);

  // By keyboard (dnd-kit's keyboard sensor): Alice picks "One" up, moves it down one, drops it.
  const handle = alice.getByRole("button", { name: "Drag “One”" });
  await handle.focus();
  await alice.keyboard.press("Space");
  await expect(handle).toHaveAttribute("aria-pressed", "true"); // picked up
  await alice.keyboard.press("ArrowDown");
  // dnd-kit announces where the item is over before it may be dropped there.
  const twoId = await alice.getByTestId("agenda-item").filter({ hasText: "Two" }).getAttribute("data-item-id");
  await expect(alice.getByText(`was moved over droppable area ${twoId}.`)).toBeAttached();
  await alice.keyboard.press("Space");
  await expect(handle).not.toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => agendaOrder(bob)).toEqual(["Two", "One", "Three", "Four", "Five"]);

  // At the same moment: Alice moves "Five" up, Bob moves "Two" down, twice each.
  await Promise.all([
    (async () => {
      await alice.getByRole("button", { name: "Move “Five” up" }).click();
      await alice.getByRole("button", { name: "Move “Five” up" }).click();
    })(),
    (async () => {
      await bob.getByRole("button", { name: "Move “Two” down" }).click();
      await bob.getByRole("button", { name: "Move “Two” down" }).click();
    })(),
  ]);

  // Both converge, and to the server's order (a fresh load).
  await expect.poll(async () => JSON.stringify(await agendaOrder(alice)) === JSON.stringify(await agendaOrder(bob)), { timeout: 15_000 }).toBe(true);
  const fresh = await alice.context().newPage();
  await fresh.goto(path);
  await expect(fresh.getByTestId("agenda-item")).toHaveCount(5);
  const serverOrder = await agendaOrder(fresh);
  await expect.poll(() => agendaOrder(alice)).toEqual(serverOrder);
  await expect.poll(() => agendaOrder(bob)).toEqual(serverOrder);
});
