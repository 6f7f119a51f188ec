// Journey: Alice posts; Bob's open feed shows it at the top with no reload;
// Alice's edit replaces it in place and her delete removes it, both live.
// The "New post" form validates the title as Alice types.
import { expect, test } from "@playwright/test";
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
