// Journey: Alice's dashboard names who is
// online, with avatars (initials here); Bob signing in appears on it without
// a reload, and leaving takes him off again.
import { expect, test } from "./support/test";
import { demo, signedInPage } from "./support/accounts";

test("the Online now list names people live, Bob comes and goes", async ({ browser }) => {
  test.setTimeout(240_000);
  const alice = await signedInPage(browser, demo.alice, "/");
  const list = alice.getByTestId("widget-online");
  const bobEntry = list.getByTestId("online-person").filter({ hasText: "Bob" });
  await expect(list.getByTestId("online-person").filter({ hasText: "Alice" })).toHaveCount(1, { timeout: 30_000 });

  const bob = await signedInPage(browser, demo.bob, "/");
  await expect(bobEntry).toHaveCount(1, { timeout: 30_000 });
  // His picture when he has set one (imports.spec may have, earlier in the run), else his initials.
  const avatar = bobEntry.getByTestId("avatar-image").or(bobEntry.getByTestId("avatar-initials"));
  await expect(avatar).toHaveCount(1);
  if ((await avatar.getAttribute("data-testid")) === "avatar-initials") await expect(avatar).toHaveText("B");
  await expect(bobEntry).toContainText("online since");

  await bob.context().close();
  await expect(bobEntry).toHaveCount(0, { timeout: 30_000 });
});
