// Journey: Alice posts; Bob's open feed shows it at the top with no reload;
// Alice's edit replaces it in place and her delete removes it, both live.
// The "New post" form validates the title as Alice types.
import { expect, test, type Page } from "./support/test";
import { demo, signedInPage } from "./support/accounts";

test("Alice's new, edited and deleted post reach Bob's open feed live", async ({ browser }) => {
  const title = `Hello from Alice ${Date.now()}`;
  const edited = `${title} (edited)`;
  const alice = await signedInPage(browser, demo.alice, "/feed");
  const bob = await signedInPage(browser, demo.bob, "/feed");
  await expect(bob.getByRole("heading", { name: "Feed", level: 1 })).toBeVisible();

  // The title rule applies from the first keystroke, and clears once fixed.
  const form = alice.getByRole("form", { name: "New post" });
  const titleField = form.getByLabel("Title");
  await titleField.fill("x");
  await titleField.fill("");
  await expect(form.getByText("Give your post a title")).toBeVisible();
  await expect(titleField).toHaveAttribute("aria-invalid", "true");
  await titleField.fill(title);
  await expect(form.getByText("Give your post a title")).toHaveCount(0);

  await form.getByLabel("Body (optional)").fill("First words");
  await form.getByRole("button", { name: "Post" }).click();
  await expect(titleField).toHaveValue(""); // the form clears on success
  const alicePost = alice.getByTestId("post-item").filter({ hasText: title });
  await expect(alicePost).toHaveCount(1);

  // Bob: at the top, no reload, exactly once.
  const bobPost = bob.getByTestId("post-item").filter({ hasText: title });
  await expect(bob.getByTestId("post-item").first()).toContainText(title);
  await expect(bobPost).toContainText("First words");
  await expect(bobPost).toHaveCount(1);
  const postId = await bobPost.getAttribute("data-post-id");
  expect(postId).toBeTruthy();
  await bob.evaluate(() => ((window as unknown as { feedMarker: number }).feedMarker = 1));

  // Alice edits in place; Bob sees the new text in the same item.
  await alicePost.getByRole("button", { name: `Edit “${title}”` }).click();
  const editForm = alice.getByRole("form", { name: `Edit “${title}”` });
  await editForm.getByLabel("Title").fill(edited);
  await editForm.getByLabel("Body (optional)").fill("Second thoughts");
  await editForm.getByRole("button", { name: "Save" }).click();
  const bobEdited = bob.locator(`[data-testid="post-item"][data-post-id="${postId}"]`);
  await expect(bobEdited).toContainText(edited);
  await expect(bobEdited).toContainText("Second thoughts");
  await expect(bobEdited).toContainText("edited");
  await expect(bob.getByTestId("post-item").first()).toHaveAttribute("data-post-id", postId!);
  await expect(alice.locator(`[data-testid="post-item"][data-post-id="${postId}"]`)).toHaveCount(1);

  // Alice deletes; it leaves both feeds.
  const aliceEdited = alice.locator(`[data-testid="post-item"][data-post-id="${postId}"]`);
  await aliceEdited.getByRole("button", { name: `Delete “${edited}”` }).click();
  await aliceEdited.getByRole("button", { name: `Yes, delete “${edited}”` }).click();
  await expect(aliceEdited).toHaveCount(0);
  await expect(bobEdited).toHaveCount(0);

  // None of it was a reload: the marker set on Bob's page is still there.
  expect(await bob.evaluate(() => (window as unknown as { feedMarker?: number }).feedMarker)).toBe(1);
});

async function post(page: Page, title: string, body = "") {
  const form = page.getByRole("form", { name: "New post" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Body (optional)").fill(body);
  await form.getByRole("button", { name: "Post" }).click();
  const item = page.getByTestId("post-item").filter({ hasText: title });
  await expect(item).toHaveCount(1);
  return (await item.getAttribute("data-post-id"))!;
}

test("a post arriving while Bob reads further down waits behind a pill", async ({ browser }) => {
  const alice = await signedInPage(browser, demo.alice, "/feed");
  const bob = await signedInPage(browser, demo.bob, "/feed");
  await expect(bob.getByRole("heading", { name: "Feed", level: 1 })).toBeVisible();
  // However few posts there are, Bob's page is long enough to scroll.
  await bob.evaluate(() => {
    document.body.style.minHeight = "5000px";
    window.scrollTo(0, 1000);
  });
  await expect.poll(() => bob.evaluate(() => window.scrollY)).toBeGreaterThan(200);

  const title = `While Bob scrolls ${Date.now()}`;
  await post(alice, title);
  const pill = bob.getByTestId("new-posts-pill");
  await expect(pill).toHaveText(/1 new post/);
  await expect(bob.getByTestId("post-item").filter({ hasText: title })).toHaveCount(0);

  await pill.click();
  await expect(bob.getByTestId("post-item").first()).toContainText(title);
  await expect(pill).toHaveCount(0);
  await expect.poll(() => bob.evaluate(() => window.scrollY)).toBeLessThan(200);
});

test("a post page shows comments and the post's deletion live", async ({ browser }) => {
  const alice = await signedInPage(browser, demo.alice, "/feed");
  const title = `Discuss ${Date.now()}`;
  const id = await post(alice, title, "What do you think?");

  const bob = await signedInPage(browser, demo.bob, `/posts/${id}`);
  await expect(bob.getByRole("heading", { name: title })).toBeVisible();
  await alice.goto(`/posts/${id}`);

  // The comment rule shows as Bob types, then his comment shows on both pages.
  const commentField = bob.getByRole("form", { name: "Add a comment" }).getByLabel("Add a comment");
  await commentField.fill(" ");
  await expect(bob.getByText("Write something first")).toBeVisible();
  await commentField.fill("Looks good");
  await bob.getByRole("button", { name: "Comment" }).click();
  await expect(bob.getByTestId("comment-item").filter({ hasText: "Looks good" })).toHaveCount(1);
  await expect(alice.getByTestId("comment-item").filter({ hasText: "Looks good" })).toHaveCount(1);
  // Alice may not delete Bob's comment; Bob may.
  await expect(alice.getByRole("button", { name: "Delete comment by Bob" })).toHaveCount(0);

  await alice.getByRole("button", { name: `Delete “${title}”` }).click();
  await alice.getByRole("button", { name: `Yes, delete “${title}”` }).click();
  await expect(alice).toHaveURL(/\/feed$/);
  await expect(bob.getByText("This post was deleted")).toBeVisible();

  await bob.goto(`/posts/${id}`);
  await expect(bob.getByText("Post not found")).toBeVisible();
});

test("Alice's own post shows before the server answers, once, and a refused one comes back to the form", async ({
  browser,
}) => {
  const alice = await signedInPage(browser, demo.alice, "/feed");
  const bob = await signedInPage(browser, demo.bob, "/feed");
  await expect(bob.getByRole("heading", { name: "Feed", level: 1 })).toBeVisible();

  // The server takes the post, but its answer to Alice is held back until
  // her tab has had time to get the post's event too.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await alice.route("**/api/trpc/posts.create**", async (route) => {
    const response = await route.fetch();
    await released;
    await route.fulfill({ response });
  });
  const title = `Optimistic ${Date.now()}`;
  const form = alice.getByRole("form", { name: "New post" });
  await form.getByLabel("Title").fill(title);
  await form.getByRole("button", { name: "Post" }).click();
  const mine = alice.getByTestId("post-item").filter({ hasText: title });
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText("Posting…");
  await expect(form.getByLabel("Title")).toHaveValue("");

  // Bob has it, so the event is out; Alice still has one copy, still waiting.
  await expect(bob.getByTestId("post-item").filter({ hasText: title })).toHaveCount(1);
  await expect(mine).toHaveCount(1);
  release();
  await expect(mine).not.toContainText("Posting…");
  await expect(mine.getByRole("button", { name: `Edit “${title}”` })).toBeVisible();
  await expect(mine).toHaveCount(1);
  await alice.unroute("**/api/trpc/posts.create**");

  // A post the server never gets: it leaves the feed, and the form has it back.
  await alice.route("**/api/trpc/posts.create**", (route) => route.abort("connectionrefused"));
  const lost = `Lost ${Date.now()}`;
  await form.getByLabel("Title").fill(lost);
  await form.getByLabel("Body (optional)").fill("Keep me");
  await form.getByRole("button", { name: "Post" }).click();
  await expect(form.getByRole("alert")).toBeVisible();
  await expect(alice.getByTestId("post-item").filter({ hasText: lost })).toHaveCount(0);
  await expect(form.getByLabel("Title")).toHaveValue(lost);
  await expect(form.getByLabel("Body (optional)")).toHaveValue("Keep me");
  await expect(bob.getByTestId("post-item").filter({ hasText: lost })).toHaveCount(0);
});

test("a long feed keeps only the rows near the viewport in the page", async ({ browser }) => {
  test.setTimeout(180_000);
  const alice = await signedInPage(browser, demo.alice, "/feed");
  const prefix = `Row ${Date.now()}`;
  const count = 150;
  // Through the same API the form uses, ten at a time.
  await alice.evaluate(
    async ({ prefix, count }) => {
      const create = async (i: number) => {
        const response = await fetch("/api/trpc/posts.create", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ json: { title: `${prefix} #${i}`, body: "A post among many." } }),
        });
        if (!response.ok) throw new Error(await response.text());
      };
      for (let i = 0; i < count; i += 10) {
        await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, k) => create(i + k)));
      }
    },
    { prefix, count },
  );
  await alice.reload();
  const rows = alice.getByTestId("post-item");
  await expect(rows.first()).toContainText(prefix);
  const newest = await rows.first().locator(".post-title").textContent();

  // Scrolling down loads older pages by itself, until all of them are in.
  await expect
    .poll(
      async () => {
        await alice.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        return Number(await rows.last().getAttribute("aria-setsize"));
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThanOrEqual(count);
  expect(await rows.count()).toBeLessThan(40);

  // Back on top: the newest post, and still only a window of rows.
  await alice.evaluate(() => window.scrollTo(0, 0));
  await expect(rows.first().locator(".post-title")).toHaveText(newest!);
  await expect(rows.first()).toHaveAttribute("aria-posinset", "1");
  expect(await rows.count()).toBeLessThan(40);
});
