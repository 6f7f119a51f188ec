// Journeys of notification preferences: Alice turns comment notifications off in
// her settings and gets nothing for Bob's comment (turned back on, the next
// one arrives live); she mutes a thread from its page and unmutes it from
// her settings; she snoozes an inbox entry, it leaves the inbox and the
// badge, and comes back by itself, live, when the snooze ends.
import { expect, test, type Page } from "./support/test";
import { demo, expectLive, signedInPage, unreadBadge } from "./support/accounts";
import { sendAsAdmin } from "./support/notifications";

/** Calls a tRPC procedure as the page's signed-in person (superjson wire format). */
async function trpc<T>(page: Page, path: string, input: unknown, kind: "query" | "mutation" = "mutation"): Promise<T> {
  const response =
    kind === "query"
      ? await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function chooseForComments(page: Page, choice: string) {
  const row = page.getByTestId("preference-post.commented");
  await row.getByLabel("Comments on your posts").selectOption({ label: choice });
  await expect(row.getByRole("status")).toHaveText("Saved.");
}

test("comments turned off in settings: Bob's comment reaches Alice not at all; turned on, the next one arrives live", async ({
  browser,
}) => {
  const alice = await signedInPage(browser, demo.alice, "/settings/notifications");
  const bob = await signedInPage(browser, demo.bob, "/feed");
  const postTitle = `Holiday plans ${Date.now()}`;
  const post = await trpc<{ id: string }>(alice, "posts.create", { title: postTitle, body: "" });
  try {
    await chooseForComments(alice, "Off");
    await alice.reload();
    await expect(alice.getByLabel("Comments on your posts")).toHaveValue("off");

    await alice.goto("/inbox");
    await expectLive(alice);
    const before = await unreadBadge(alice);

    await bob.goto(`/posts/${post.id}`);
    await expectLive(bob);
    await bob.getByRole("textbox", { name: "Add a comment" }).fill("Count me in");
    await bob.getByRole("button", { name: "Comment", exact: true }).click();
    await expect(bob.getByText("Count me in")).toBeVisible();

    // Turned back on, a second comment arrives live: had the first one been
    // delivered, its entry would be there too (it came first on the channel).
    await alice.goto("/settings/notifications");
    await chooseForComments(alice, "In the app only");
    await alice.goto("/inbox");
    await expectLive(alice);
    await bob.getByRole("textbox", { name: "Add a comment" }).fill("Bringing snacks");
    await bob.getByRole("button", { name: "Comment", exact: true }).click();

    const items = alice.getByTestId("notification-item").filter({ hasText: postTitle });
    await expect(items.filter({ hasText: "Bringing snacks" })).toBeVisible();
    await expect(items.filter({ hasText: "Count me in" })).toHaveCount(0);
    await expect.poll(() => unreadBadge(alice)).toBe(before + 1);
  } finally {
    await trpc(alice, "preferences.setType", { type: "post.commented", choice: "app-and-push" });
  }
});

test("Alice mutes a thread from its page and unmutes it from her settings", async ({ browser }) => {
  const alice = await signedInPage(browser, demo.alice, "/feed");
  const title = `Noisy thread ${Date.now()}`;
  const post = await trpc<{ id: string }>(alice, "posts.create", { title, body: "" });
  await alice.goto(`/posts/${post.id}`);
  const mute = alice.getByRole("button", { name: "Mute this thread" });
  await expect(mute).toHaveAttribute("aria-pressed", "false");
  await mute.click();
  await expect(mute).toHaveAttribute("aria-pressed", "true");
  await expect(alice.getByText("Muted: you get no notifications about this thread.")).toBeVisible();

  await alice.goto("/settings/notifications");
  const list = alice.getByRole("list", { name: "Muted rooms and threads" });
  await expect(list.getByRole("link", { name: title })).toBeVisible();
  await list.getByRole("button", { name: `Unmute thread ${title}` }).click();
  await expect(alice.getByRole("link", { name: title })).toHaveCount(0);

  await alice.goto(`/posts/${post.id}`);
  await expect(alice.getByRole("button", { name: "Mute this thread" })).toHaveAttribute("aria-pressed", "false");
});

test("a snoozed inbox entry leaves the inbox and the badge, then comes back unread, live, when the snooze ends", async ({
  browser,
}) => {
  const title = `Expense report ${Date.now()}`;
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const alice = await signedInPage(browser, demo.alice, "/inbox");
  const before = await unreadBadge(alice);
  await sendAsAdmin(admin, demo.alice.email, title, "Due Friday");

  const item = alice.getByTestId("notification-item").filter({ hasText: title });
  await expect(item).toBeVisible();
  await expect.poll(() => unreadBadge(alice)).toBe(before + 1);

  // Keyboard: the menu opens on Enter with its first choice focused; Escape closes it.
  await item.getByRole("button", { name: `Snooze “${title}”` }).focus();
  await alice.keyboard.press("Enter");
  await expect(item.getByRole("button", { name: "For 1 hour" })).toBeFocused();
  await alice.keyboard.press("Escape");
  await expect(item.getByRole("button", { name: "For 1 hour" })).toHaveCount(0);
  await expect(item.getByRole("button", { name: `Snooze “${title}”` })).toBeFocused();

  const listed = await trpc<{ items: { id: string; title: string }[] }>(alice, "notifications.list", {}, "query");
  const id = listed.items.find((n) => n.title === title)!.id;

  await item.getByRole("button", { name: `Snooze “${title}”` }).click();
  await item.getByRole("button", { name: "For 1 hour" }).click();
  await expect(item).toHaveCount(0);
  await expect.poll(() => unreadBadge(alice)).toBe(before);
  await expect(alice.getByTestId("toast").filter({ hasText: `Snoozed “${title}”` })).toBeVisible();
  const during = await trpc<{ items: { id: string }[] }>(alice, "notifications.list", {}, "query");
  expect(during.items.map((n) => n.id)).not.toContain(id);

  // An hour is long for a test: the same snooze, moved to a few seconds from
  // now through the API, and the open page must bring it back by itself.
  await trpc(alice, "preferences.snooze", { id, until: new Date(Date.now() + 3_000).toISOString() });

  await expect(item).toBeVisible({ timeout: 20_000 });
  await expect(item).toHaveAttribute("data-unread", "true");
  await expect.poll(() => unreadBadge(alice)).toBe(before + 1);
  // On top of the inbox, as a new one.
  await expect(alice.getByTestId("notification-item").first()).toContainText(title);
});
