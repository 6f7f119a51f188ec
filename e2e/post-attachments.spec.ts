// Journeys of post images: Alice attaches an image to a new post (byte
// progress to 100 %), posts, and Bob's open feed shows the post with its
// server-made thumbnail, live, linking to the full image. A file that is not
// an image is refused before it is attached. Then: the dashboard's dataset
// widget updates live when Alice's import (started in another tab) finishes.
// And: Alice edits her post, removes its image and adds another (a save that
// fails gives her choice back); Bob's open feed swaps the thumbnails live.
import sharp from "sharp";
import { expect, test } from "./support/test";
import { demo, expectLive, signedInPage } from "./support/accounts";

test("an image attached to a new post reaches another reader's feed live, as a thumbnail linking to the image", async ({ browser }) => {
  const title = `Picture post ${Date.now()}`;
  // ~2 MB of noise (PNG cannot compress it): more than one 1 MB tus chunk.
  const raw = Buffer.alloc(900 * 800 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  const png = await sharp(raw, { raw: { width: 900, height: 800, channels: 3 } }).png().toBuffer();

  const alice = await signedInPage(browser, demo.alice, "/feed");
  const bob = await signedInPage(browser, demo.bob, "/feed");
  await expect(bob.getByRole("heading", { name: "Feed", level: 1 })).toBeVisible();
  await expectLive(bob);

  const form = alice.getByRole("form", { name: "New post" });
  await expect(form.getByTestId("upload-hint")).toContainText("Up to 5 files at once");
  // Not an image: refused in the browser with a reason, never attached.
  await form.getByTestId("file-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect(form.getByTestId("upload-row").filter({ hasText: "notes.txt" }).getByTestId("upload-status")).toHaveText(
    "notes.txt is not an image (JPEG, PNG or WebP).",
  );

  await form.getByTestId("file-input").setInputFiles({ name: "harbour.png", mimeType: "image/png", buffer: png });
  const row = form.getByTestId("upload-row").filter({ hasText: "harbour.png" });
  await expect(row.getByTestId("upload-percent")).toHaveText("100 %", { timeout: 30_000 });
  await expect(row.getByTestId("upload-status")).toHaveText("Uploaded");
  const attached = form.getByTestId("attached-image");
  await expect(attached).toHaveCount(1);
  await expect(attached.getByRole("img", { name: "harbour.png" })).toBeVisible();

  await form.getByLabel("Title").fill(title);
  await form.getByRole("button", { name: "Post", exact: true }).click();
  await expect(form.getByLabel("Title")).toHaveValue("");
  await expect(form.getByTestId("attached-image")).toHaveCount(0);

  // Bob: the post at the top with its thumbnail, no reload.
  const bobPost = bob.getByTestId("post-item").filter({ hasText: title });
  await expect(bobPost).toHaveCount(1);
  const link = bobPost.getByTestId("post-attachment");
  await expect(link).toHaveCount(1);
  const thumbnail = link.getByRole("img", { name: /harbour\.png/ });
  await expect(thumbnail).toBeVisible();
  // The thumbnail really loaded: a 256 px square made by the server.
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(256);
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/api\/files\/[A-Za-z0-9_-]+$/);
  const full = await bob.request.get(href!);
  expect(full.status()).toBe(200);
  expect(full.headers()["content-type"]).toBe("image/png");
  expect((await full.body()).equals(png)).toBe(true);

  // The post page shows it too.
  await bobPost.getByRole("link", { name: title }).click();
  await expect(bob.getByTestId("post-detail").getByTestId("post-attachment")).toHaveAttribute("href", href!);
});

test("Alice edits her post: removes its image and adds another; Bob's open feed shows the new thumbnail live, not the old one", async ({
  browser,
}) => {
  const title = `Swap picture ${Date.now()}`;
  const image = (background: string) => sharp({ create: { width: 400, height: 300, channels: 3, background } }).png().toBuffer();
  const [red, green] = await Promise.all([image("#c33"), image("#3c3")]);

  const alice = await signedInPage(browser, demo.alice, "/feed");
  const bob = await signedInPage(browser, demo.bob, "/feed");
  await expect(bob.getByRole("heading", { name: "Feed", level: 1 })).toBeVisible();
  await expectLive(bob);

  const form = alice.getByRole("form", { name: "New post" });
  await form.getByTestId("file-input").setInputFiles({ name: "red.png", mimeType: "image/png", buffer: red });
  await expect(form.getByTestId("attached-image")).toHaveCount(1);
  await form.getByLabel("Title").fill(title);
  await form.getByRole("button", { name: "Post", exact: true }).click();

  const bobPost = bob.getByTestId("post-item").filter({ hasText: title });
  await expect(bobPost.getByRole("img", { name: /red\.png/ })).toBeVisible();
  const oldHref = await bobPost.getByTestId("post-attachment").getAttribute("href");

  // Alice: the edit form shows the current image; she removes it and adds another.
  const alicePost = alice.getByTestId("post-item").filter({ hasText: title });
  await alicePost.getByRole("button", { name: `Edit “${title}”` }).click();
  const editForm = alice.getByRole("form", { name: `Edit “${title}”` });
  await expect(editForm.getByTestId("attached-image").getByRole("img", { name: "red.png" })).toBeVisible();
  await editForm.getByRole("button", { name: "Remove image red.png" }).click();
  await expect(editForm.getByTestId("attached-image")).toHaveCount(0);
  await editForm.getByTestId("file-input").setInputFiles({ name: "green.png", mimeType: "image/png", buffer: green });
  await expect(editForm.getByTestId("upload-row").filter({ hasText: "green.png" }).getByTestId("upload-status")).toHaveText("Uploaded");
  await expect(editForm.getByTestId("attached-image").getByRole("img", { name: "green.png" })).toBeVisible();

  // A save the server never gets: Bob still sees the old image, and Alice's
  // form opens again with the images as she chose them.
  await alice.route("**/api/trpc/posts.update**", (route) => route.abort("connectionrefused"));
  await editForm.getByRole("button", { name: "Save" }).click();
  await expect(editForm.getByRole("alert")).toBeVisible();
  await expect(editForm.getByTestId("attached-image")).toHaveCount(1);
  await expect(editForm.getByTestId("attached-image").getByRole("img", { name: "green.png" })).toBeVisible();
  await expect(editForm.getByLabel("Title")).toHaveValue(title);
  await expect(bobPost.getByRole("img", { name: /red\.png/ })).toBeVisible();
  await alice.unroute("**/api/trpc/posts.update**");

  await editForm.getByRole("button", { name: "Save" }).click();
  await expect(editForm).toHaveCount(0);
  await expect(alicePost.getByRole("img", { name: /green\.png/ })).toBeVisible();

  // Bob, no reload: the new thumbnail (really loaded), the old one gone.
  const links = bobPost.getByTestId("post-attachment");
  await expect(links).toHaveCount(1);
  const thumbnail = links.getByRole("img", { name: /green\.png/ });
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(256);
  await expect(bobPost.getByRole("img", { name: /red\.png/ })).toHaveCount(0);
  await expect(bobPost).toContainText("edited");
  const newHref = await links.getAttribute("href");
  expect(newHref).not.toBe(oldHref);
  expect((await bob.request.get(newHref!)).status()).toBe(200);
  // The removed image was on no other post: it is gone for everyone.
  expect((await bob.request.get(oldHref!)).status()).toBe(404);
  expect((await alice.request.get(oldHref!)).status()).toBe(404);
});

test("the dashboard's dataset widget shows an import that finished in another tab, without a reload", async ({ browser }) => {
  const name = `widget-${Date.now()}`;
  const dashboard = await signedInPage(browser, demo.alice, "/");
  const widget = dashboard.getByTestId("widget-dataset");
  await expect(widget).toHaveAttribute("aria-busy", "false");
  await expectLive(dashboard);
  await expect(widget).not.toContainText(name);

  const imports = await signedInPage(browser, demo.alice, "/imports");
  const lines = ["id,amount,city"];
  for (let i = 1; i <= 500; i++) lines.push(`${i},${i % 10},${["Oslo", "Bergen", "Tromsø"][i % 3]}`);
  await imports.getByTestId("file-input").setInputFiles({ name: `${name}.csv`, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) });
  const row = imports.getByTestId("upload-row").filter({ hasText: `${name}.csv` });
  await expect(row.getByTestId("upload-status")).toHaveText("Uploaded");
  await row.getByRole("button", { name: "Start import" }).click();
  await expect(imports.getByTestId("dataset").filter({ hasText: name }).getByTestId("process-status")).toHaveText("Completed", {
    timeout: 30_000,
  });

  // The dashboard tab, untouched: its widget now shows the new dataset.
  await expect(widget.getByTestId("widget-dataset-name")).toContainText(`${name}: 500 rows, 3 columns`, { timeout: 15_000 });
  await expect(widget).toContainText("city (text) 3 distinct");
});
