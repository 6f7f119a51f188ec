// Journeys of post images: Alice attaches an image to a new post (byte
// progress to 100 %), posts, and Bob's open feed shows the post with its
// server-made thumbnail, live, linking to the full image. A file that is not
// an image is refused before it is attached. Then: the dashboard's dataset
// widget updates live when Alice's import (started in another tab) finishes.
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
