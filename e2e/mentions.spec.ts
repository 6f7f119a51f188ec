// Journeys of "more things notify": Alice mentions Bob with the
// people picker, keyboard only (type "@bo", arrows, Enter), in a comment and
// in a private room's message; Bob, on his inbox, sees each mention arrive
// live, and opening it lands on the exact comment or message. Following a
// post: Bob follows Alice's post from its page and hears of her next comment
// live; after Unfollow he does not.
import { expect, test, type Locator, type Page } from "./support/test";
import { demo, expectLive, signedInPage } from "./support/accounts";
import { mutate } from "./support/trpc";
import { acceptNewestInvitation } from "./support/invitations";

// Two people signed in per journey, each page's first load on a shared,
// loaded machine: the default minute is tight.
test.slow();

/** A tRPC query as the page's person. */
async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** Types "@" + `query` into the field and picks `name` with the arrow keys and Enter. */
async function mentionWithKeyboard(page: Page, field: Locator, query: string, name: string) {
  await field.focus();
  await field.press("End");
  await field.pressSequentially(`@${query}`, { delay: 30 });
  const list = page.getByRole("listbox", { name: "People to mention" });
  await expect(list.getByRole("option", { name, exact: true })).toBeVisible();
  const names = await list.getByRole("option").allInnerTexts();
  const index = names.findIndex((text) => text.trim().endsWith(name));
  expect(index, `${name} among ${names.join(", ")}`).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < index; i++) await field.press("ArrowDown");
  await expect(list.getByRole("option", { name, exact: true })).toHaveAttribute("aria-selected", "true");
  // The field points at the chosen option for screen readers.
  const optionId = await list.getByRole("option", { name, exact: true }).getAttribute("id");
  await expect(field).toHaveAttribute("aria-activedescendant", optionId!);
  await field.press("Enter");
  await expect(list).toBeHidden();
}

test("Alice mentions Bob in a comment with the keyboard; Bob sees it live and it opens that comment", async ({ browser }) => {
  const bob = await signedInPage(browser, demo.bob, "/inbox");
  const alice = await signedInPage(browser, demo.alice, "/feed");
  const title = `Offsite ${Date.now()}`;
  const post = (await mutate(alice, "posts.create", { title, body: "Who books the train?" })) as { id: string };
  await alice.goto(`/posts/${post.id}`);
  await expectLive(alice);

  const field = alice.getByRole("textbox", { name: "Add a comment" });
  await field.fill("Can you do it ");
  await mentionWithKeyboard(alice, field, "bo", "Bob");
  await expect(field).toHaveValue(/^Can you do it @\[Bob\]\([A-Za-z0-9_-]+\) $/);
  await field.pressSequentially("?");
  await alice.getByRole("button", { name: "Comment", exact: true }).click();
  const comment = alice.getByTestId("comment-item").filter({ hasText: "Can you do it" });
  await expect(comment.getByTestId("mention")).toHaveText("@Bob");
  await expect(comment).not.toHaveAttribute("data-pending", "true");
  const commentId = await comment.getAttribute("data-comment-id");

  // Live, no reload: Bob's inbox shows the mention.
  const item = bob.getByTestId("notification-item").filter({ hasText: `Alice mentioned you in a comment on “${title}”` });
  await expect(item).toBeVisible();
  await expect(item).toContainText("Can you do it @Bob ?");
  await item.getByRole("link").first().click();
  await expect(bob).toHaveURL(new RegExp(`/posts/${post.id}#comment-${commentId}$`));
  const target = bob.locator(`#comment-${commentId}`);
  await expect(target).toBeVisible();
  await expect(target).toHaveAttribute("data-target", "true");
  await expect(target).toBeInViewport();
});

test("in a private room the picker offers members only, Escape closes it, and Bob's mention opens the message", async ({ browser }) => {
  const bob = await signedInPage(browser, demo.bob, "/inbox");
  const alice = await signedInPage(browser, demo.alice, "/rooms");
  const name = `Planning ${Date.now()}`;
  const room = (await mutate(alice, "rooms.create", { name, visibility: "PRIVATE" })) as { id: string };
  await mutate(alice, "rooms.addMember", { roomId: room.id, email: demo.bob.email });
  await acceptNewestInvitation(bob); // adding to a private room invites
  await alice.goto(`/rooms/${room.id}`);
  await expectLive(alice);
  await expect(alice.getByLabel("When I am not in this room, notify me of")).toHaveValue("all");

  const field = alice.getByRole("form", { name: "Send a message" }).getByLabel("Message", { exact: true });
  // Carol is not a member: nobody to offer; Escape closes the list and leaves the text.
  await field.pressSequentially("@car", { delay: 30 });
  const list = alice.getByRole("listbox", { name: "People to mention" });
  await expect(list).toContainText("Nobody matches.");
  await field.press("Escape");
  await expect(list).toBeHidden();
  await expect(field).toHaveValue("@car");
  await field.fill("");

  await mentionWithKeyboard(alice, field, "bo", "Bob");
  await field.pressSequentially("agenda is up", { delay: 10 });
  await field.press("Enter");
  const message = alice.getByTestId("message-item").filter({ hasText: "agenda is up" });
  await expect(message.getByTestId("mention")).toHaveText("@Bob");
  const messageId = await message.getAttribute("data-message-id");

  const item = bob.getByTestId("notification-item").filter({ hasText: `Alice mentioned you in ${name}` });
  await expect(item).toBeVisible();
  await item.getByRole("link").first().click();
  await expect(bob).toHaveURL(new RegExp(`/rooms/${room.id}#message-${messageId}$`));
  await expect(bob.locator(`#message-${messageId}`)).toHaveAttribute("data-target", "true");
  await expect(bob.locator(`#message-${messageId}`)).toBeInViewport();
});

test("Bob follows Alice's post from its page and hears of her next comment live; after Unfollow he does not", async ({ browser }) => {
  const alice = await signedInPage(browser, demo.alice, "/feed");
  const title = `Reading list ${Date.now()}`;
  const post = (await mutate(alice, "posts.create", { title, body: "" })) as { id: string };
  const bob = await signedInPage(browser, demo.bob, "/inbox");
  await bob.goto(`/posts/${post.id}`);
  await bob.getByRole("button", { name: "Follow", exact: true }).click();
  await expect(bob.getByRole("button", { name: "Unfollow", exact: true })).toBeVisible();
  await bob.goto("/inbox");
  await expectLive(bob);

  await mutate(alice, "posts.addComment", { postId: post.id, body: "First pick: Dune" });
  const item = bob.getByTestId("notification-item").filter({ hasText: `Alice commented on “${title}”` });
  await expect(item).toBeVisible();
  await expect(item).toContainText("First pick: Dune");

  await bob.goto(`/posts/${post.id}`);
  await bob.getByRole("button", { name: "Unfollow", exact: true }).click();
  await expect(bob.getByRole("button", { name: "Follow", exact: true })).toBeVisible();
  await bob.goto("/inbox");
  await expectLive(bob);
  await mutate(alice, "posts.addComment", { postId: post.id, body: "Second pick: Emma" });
  // A mention afterwards (mentions reach him anyway): once it is there, a
  // notification of the comment before it would have been too.
  const [bobPerson] = await query<{ id: string; name: string }[]>(alice, "people.search", { query: "bob" }).then((people) =>
    people.filter((p) => p.name === "Bob"),
  );
  await mutate(alice, "posts.addComment", { postId: post.id, body: `Marker for @[Bob](${bobPerson!.id})` });
  await expect(bob.getByTestId("notification-item").filter({ hasText: "Marker for @Bob" })).toBeVisible();
  await expect(bob.getByTestId("notification-item").filter({ hasText: "Second pick: Emma" })).toHaveCount(0);
  await expect(item).toContainText("First pick: Dune");
});
