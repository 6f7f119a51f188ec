// Journey: Alice creates a document and shares it with Bob; both edit the
// same paragraph at the same time and end with the same text; each sees the
// other in "Here now" and the other's cursor labelled with their name. Then
// Alice restores an earlier version from the history and Bob converges to it.
import { expect, test, type Page } from "./support/test";
import { demo, signedInPage } from "./support/accounts";
import { acceptNewestInvitation } from "./support/invitations";

function editor(page: Page) {
  return page.getByRole("textbox", { name: /^Text of / });
}

test("two people typing in the same paragraph at once converge and see each other's cursors", async ({ browser }) => {
  const title = `Plan ${Date.now()}`;
  const alice = await signedInPage(browser, demo.alice, "/docs");
  await expect(alice.getByRole("link", { name: "Documents" })).toBeVisible();

  const create = alice.getByRole("form", { name: "New document" });
  await create.getByLabel("Title").fill(title);
  await create.getByRole("button", { name: "Create and open" }).click();
  await expect(alice).toHaveURL(/\/docs\/[A-Za-z0-9_-]+$/);
  await expect(alice.getByRole("heading", { name: title, level: 1 })).toBeVisible();

  const share = alice.getByRole("form", { name: "Share document" });
  await share.getByLabel("Email").fill(demo.bob.email);
  await share.getByRole("button", { name: "Share" }).click();
  await expect(alice.getByText("Invited Bob: they get access once they accept.")).toBeVisible();

  await editor(alice).click();
  await alice.keyboard.type("Hello world.");
  await expect(alice.getByText("All changes saved")).toBeVisible();

  // Bob finds it in his list and opens it.
  const bob = await signedInPage(browser, demo.bob, "/docs");
  await acceptNewestInvitation(bob);
  await bob.reload();
  await bob.getByRole("link", { name: title }).click();
  await expect(editor(bob)).toHaveValue("Hello world.");
  await expect(bob.getByRole("region", { name: "Here now" })).toContainText("Alice");
  await expect(alice.getByRole("region", { name: "Here now" })).toContainText("Bob");

  const before = Number(/version (\d+)/.exec(await alice.locator(".doc-status").innerText())?.[1]);
  expect(before).toBeGreaterThan(0);

  // Both type into the same paragraph at the same moment: Alice at its end,
  // Bob at its start.
  await editor(alice).click();
  await alice.keyboard.press("End");
  await editor(bob).click();
  await bob.keyboard.press("Home");
  await Promise.all([
    alice.keyboard.type(" Alice was here.", { delay: 40 }),
    bob.keyboard.type("Bob says hi. ", { delay: 40 }),
  ]);

  const expected = "Bob says hi. Hello world. Alice was here.";
  await expect(editor(alice)).toHaveValue(expected);
  await expect(editor(bob)).toHaveValue(expected);
  await expect(alice.getByText("All changes saved")).toBeVisible();
  await expect(bob.getByText("All changes saved")).toBeVisible();

  // Each sees the other's cursor with their name.
  await expect(alice.locator(".doc-caret-label", { hasText: "Bob" })).toBeVisible();
  await expect(bob.locator(".doc-caret-label", { hasText: "Alice" })).toBeVisible();

  // The text both see is the text stored: a fresh load shows it.
  await alice.reload();
  await expect(editor(alice)).toHaveValue(expected);

  // History: Alice restores the version before the concurrent edits; Bob's
  // open editor converges to it.
  await alice.getByRole("heading", { name: "History" }).click();
  alice.once("dialog", (dialog) => void dialog.accept());
  await alice.getByRole("button", { name: `Restore v${before}`, exact: true }).click();
  await expect(alice.getByText("Restored; everyone now sees that version.")).toBeVisible();
  await expect(editor(bob)).toHaveValue("Hello world.");
  await expect(editor(alice)).toHaveValue("Hello world.");
});

test("an editor who loses the connection keeps typing and merges when it is back", async ({ browser }) => {
  const alice = await signedInPage(browser, demo.alice, "/docs");
  const create = alice.getByRole("form", { name: "New document" });
  await create.getByLabel("Title").fill(`Offline ${Date.now()}`);
  await create.getByRole("button", { name: "Create and open" }).click();
  await expect(alice).toHaveURL(/\/docs\/[A-Za-z0-9_-]+$/);
  const share = alice.getByRole("form", { name: "Share document" });
  await share.getByLabel("Email").fill(demo.bob.email);
  await share.getByRole("button", { name: "Share" }).click();
  await expect(alice.getByText("Invited Bob: they get access once they accept.")).toBeVisible();
  await editor(alice).click();
  await alice.keyboard.type("Shared line.");
  await expect(alice.getByText("All changes saved")).toBeVisible();

  const bob = await signedInPage(browser, demo.bob, "/docs");
  await acceptNewestInvitation(bob);
  await bob.goto(new URL(alice.url()).pathname);
  await expect(editor(bob)).toHaveValue("Shared line.");

  // Bob's requests fail from now on; he keeps typing at the end.
  await bob.context().setOffline(true);
  await editor(bob).click();
  await bob.keyboard.press("End");
  await bob.keyboard.type(" Written offline.");
  await expect(bob.getByText(/^Offline: keep typing/)).toBeVisible();
  await expect(editor(bob)).toHaveValue("Shared line. Written offline.");

  // Meanwhile Alice edits the start; Bob's unsent words are not in her text.
  await editor(alice).click();
  await alice.keyboard.press("Home");
  await alice.keyboard.type("Alice: ");
  await expect(alice.getByText("All changes saved")).toBeVisible();
  await expect(editor(alice)).toHaveValue("Alice: Shared line.");

  // Back online: Bob's edits are sent and both converge.
  await bob.context().setOffline(false);
  const expected = "Alice: Shared line. Written offline.";
  await expect(editor(bob)).toHaveValue(expected);
  await expect(editor(alice)).toHaveValue(expected);
  await expect(bob.getByText("All changes saved")).toBeVisible();
});
