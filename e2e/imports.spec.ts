// Journeys of the imports page: upload a CSV (byte progress to 100 %), start
// the import and watch its steps complete live, the summary after; cancel an
// upload midway and nothing is left on the server; resume after a reload
// without sending the received bytes again; a file whose content is not
// CSV, or that does not fit in the person's upload space, is refused with a
// clear message.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page, type Route } from "./support/test";
import { demo, signedInPage } from "./support/accounts";

const dir = mkdtempSync(path.join(tmpdir(), "imports-e2e-"));

function csvFile(name: string, rows: number): string {
  const lines = ["id,amount,city"];
  const cities = ["Oslo", "Bergen", "Tromsø", "Trondheim"];
  for (let i = 1; i <= rows; i++) lines.push(`${i},${(i % 1000) / 10},${cities[i % 4]}`);
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** Holds every PATCH after the first `letThrough` ones (a connection that stalls). */
/**
 * Until the app's service worker controls the page. Installed on this first
 * page of a new browser, it claims the page once active: a claim in the
 * middle of an upload moved its requests out of the page's sight
 * (page.route, waitForResponse). A returning person's page is controlled
 * from the start.
 */
async function controlledByServiceWorker(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
}

async function stallUploadsAfter(page: Page, letThrough: number) {
  await controlledByServiceWorker(page);
  const held: Route[] = [];
  let passed = 0;
  await page.route("**/api/uploads/**", async (route) => {
    if (route.request().method() !== "PATCH" || passed < letThrough) {
      if (route.request().method() === "PATCH") passed += 1;
      await route.continue();
      return;
    }
    held.push(route);
  });
  return {
    async release() {
      await page.unrouteAll({ behavior: "ignoreErrors" });
      for (const route of held) await route.abort().catch(() => undefined);
    },
  };
}

test("upload a CSV, watch the bar reach 100 %, then the import's steps complete live", async ({ browser }) => {
  const page = await signedInPage(browser, demo.alice, "/imports");
  await expect(page.getByRole("heading", { name: "Imports", level: 1 })).toBeVisible();
  const file = csvFile("cities.csv", 60_000); // ~1.2 MB: two chunks

  await page.getByTestId("file-input").setInputFiles(file);
  const row = page.getByTestId("upload-row").filter({ hasText: "cities.csv" });
  await expect(row.getByTestId("upload-percent")).toHaveText("100 %");
  await expect(row.getByTestId("upload-status")).toHaveText("Uploaded");

  await row.getByRole("button", { name: "Start import" }).click();
  const dataset = page.getByTestId("dataset").filter({ hasText: "cities" }).first();
  const widget = dataset.getByTestId("process-widget");
  await expect(widget).toBeVisible();
  for (const step of ["validate", "parse", "import", "summarize"]) {
    await expect(widget.getByTestId(`step-${step}`)).toHaveAttribute("data-status", "COMPLETED", { timeout: 30_000 });
  }
  await expect(widget.getByTestId("process-status")).toHaveText("Completed");
  await expect(widget.getByTestId("process-overall")).toHaveText("100 %");
  await expect(dataset).toContainText("60,000 rows");
  const summary = dataset.getByTestId("dataset-summary");
  await expect(summary.getByRole("row", { name: /city/ })).toContainText("4"); // distinct cities
  await widget.getByText(/Activity/).click();
  await expect(widget.getByTestId("activity-log")).toContainText("60,000 rows imported");

  // A reload shows the same finished state, from the database.
  await page.reload();
  const again = page.getByTestId("dataset").filter({ hasText: "cities" }).first();
  await expect(again).toContainText("60,000 rows");
  await again.getByRole("button", { name: "Show run" }).click();
  await expect(again.getByTestId("process-status")).toHaveText("Completed");
  await expect(again.getByTestId("step-import")).toContainText("60,000 of 60,000 rows");
});

test("cancel an upload midway: nothing remains on the server", async ({ browser }) => {
  const page = await signedInPage(browser, demo.bob, "/imports");
  const stall = await stallUploadsAfter(page, 1);
  const firstChunk = page.waitForResponse((r) => r.request().method() === "PATCH" && r.status() === 204);
  const created = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/api/uploads"));
  await page.getByTestId("file-input").setInputFiles(csvFile("big.csv", 150_000)); // ~3 MB: 3 chunks
  const location = (await created).headers()["location"]!;
  const uploadUrl = new URL(location, page.url()).toString();

  const row = page.getByTestId("upload-row").filter({ hasText: "big.csv" });
  // The first chunk arrived; the second is stuck.
  await firstChunk;
  await expect(row.getByTestId("upload-percent")).toHaveText(/^(3[3-9]|[4-9]\d) %$/);
  const head = await page.request.head(uploadUrl, { headers: { "Tus-Resumable": "1.0.0" } });
  expect(Number(head.headers()["upload-offset"])).toBeGreaterThan(0);

  const deleted = page.waitForResponse((r) => r.request().method() === "DELETE" && r.url() === uploadUrl);
  await row.getByRole("button", { name: "Cancel upload of big.csv" }).click();
  expect((await deleted).status()).toBe(204);
  await expect(row.getByTestId("upload-status")).toHaveText("Cancelled");
  await stall.release();

  // The server knows nothing of it any more.
  const gone = await page.request.head(uploadUrl, { headers: { "Tus-Resumable": "1.0.0" } });
  expect(gone.status()).toBe(404);
  await expect(page.getByTestId("dataset").filter({ hasText: "big" })).toHaveCount(0);
});

test("an upload interrupted by a reload resumes without sending the received bytes again", async ({ browser }) => {
  const page = await signedInPage(browser, demo.admin, "/imports");
  const file = csvFile("resumable.csv", 150_000);
  const stall = await stallUploadsAfter(page, 1);
  const firstChunk = page.waitForResponse((r) => r.request().method() === "PATCH" && r.status() === 204);
  await page.getByTestId("file-input").setInputFiles(file);
  const row = page.getByTestId("upload-row").filter({ hasText: "resumable.csv" });
  // The server confirmed the first chunk; the second is stuck.
  await firstChunk;
  await expect(row.getByTestId("upload-percent")).toHaveText(/^(3[3-9]|[4-9]\d) %$/);
  // Reload while the second chunk is still stuck, so that nothing more
  // arrives before the page is gone; then let requests through again.
  await page.reload();
  await stall.release();
  await expect(page.getByTestId("unfinished-uploads")).toContainText("resumable.csv");
  const offsets: number[] = [];
  page.on("request", (r) => {
    if (r.method() === "PATCH" && r.url().includes("/api/uploads/")) offsets.push(Number(r.headers()["upload-offset"]));
  });
  await page.getByTestId("file-input").setInputFiles(file);
  const resumed = page.getByTestId("upload-row").filter({ hasText: "resumable.csv" });
  await expect(resumed.getByTestId("upload-status")).toHaveText("Uploaded");
  await expect(resumed.getByTestId("upload-percent")).toHaveText("100 %");
  expect(offsets[0]).toBeGreaterThan(0); // went on from where the server was
  await expect(page.getByTestId("unfinished-uploads")).toHaveCount(0);
});

test("a file that is not CSV is refused with a clear message", async ({ browser }) => {
  const page = await signedInPage(browser, demo.alice, "/imports");
  // Named .csv, but the bytes are a PNG image: the server checks the content.
  await page.getByTestId("file-input").setInputFiles({ name: "photo.csv", mimeType: "text/csv", buffer: PNG });
  const row = page.getByTestId("upload-row").filter({ hasText: "photo.csv" });
  await expect(row.getByRole("alert")).toHaveText("This file is a PNG file, not a CSV file.");
  await expect(row).toHaveAttribute("data-status", "failed");

  // A name that is not .csv is refused before anything is sent.
  await page.getByTestId("file-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
  const refused = page.getByTestId("upload-row").filter({ hasText: "notes.txt" });
  await expect(refused.getByRole("alert")).toHaveText("notes.txt is not a CSV file.");
  await expect(page.getByText("Uploaded, not imported yet")).toHaveCount(0);
});

test("an upload that would pass the person's upload space is refused with a message saying what is left", async ({ browser }) => {
  // The journeys' server gives everyone 20 MB (e2e/support/server.ts).
  const page = await signedInPage(browser, demo.carol, "/imports");
  await controlledByServiceWorker(page);
  const refused = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/api/uploads"));
  await page.getByTestId("file-input").setInputFiles(csvFile("too-much.csv", 1_200_000)); // ~22 MB
  expect((await refused).status()).toBe(413);
  const row = page.getByTestId("upload-row").filter({ hasText: "too-much.csv" });
  await expect(row).toHaveAttribute("data-status", "failed");
  await expect(row.getByRole("alert")).toHaveText(
    /^Not enough upload space: this file is 2\d\.\d MB and \d+\.\d MB of your 20 MB is left\. Delete posts or images you no longer need, or cancel unfinished uploads, to make room\.$/,
  );
});

test("an image becomes the avatar, with a thumbnail made by the server", async ({ browser }) => {
  const page = await signedInPage(browser, demo.bob, "/profile");
  await page.getByTestId("file-input").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByTestId("upload-row").filter({ hasText: "me.png" }).getByTestId("upload-status")).toHaveText("Uploaded");
  const avatar = page.getByTestId("avatar");
  await expect(avatar).toBeVisible();
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(256);
});
