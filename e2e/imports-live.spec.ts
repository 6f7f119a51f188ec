// Journey: imports live everywhere. Alice has /imports
// open in two tabs; an import she starts in one appears in the other at once,
// without a reload, and runs to the end there too. An admin with /admin open
// is alerted the moment one of her imports fails.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "./support/test";
import { demo, expectLive, signedInPage } from "./support/accounts";

const dir = mkdtempSync(path.join(tmpdir(), "imports-live-e2e-"));

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

test("an import started in one tab appears in the other, and an admin is alerted when one fails", async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const first = await signedInPage(browser, demo.alice, "/imports");
  const second = await first.context().newPage();
  await second.goto("/imports");
  await expectLive(second);
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const failures = admin.getByRole("region", { name: "Failed imports" });
  await expect(failures).toBeVisible();
  await expect(failures.getByTestId("failed-import-alert")).toHaveCount(0);

  // Started in the first tab: the second lists it and follows it to the end.
  const good = `towns-${stamp}`;
  await first.getByTestId("file-input").setInputFiles(file(`${good}.csv`, "town,people\nOslo,700000\nBergen,290000\n"));
  await first.getByTestId("upload-row").filter({ hasText: `${good}.csv` }).getByRole("button", { name: "Start import" }).click();
  const inSecond = second.locator(`[data-testid="dataset"][data-name="${good}"]`);
  await expect(inSecond).toHaveCount(1);
  await expect(inSecond).toContainText("2 rows", { timeout: 30_000 });
  await expect(second.locator(`[data-testid="dataset"][data-name="${good}"]`)).toHaveCount(1);

  // One that fails validation: the second tab shows it failed, the admin is alerted live.
  const bad = `broken-${stamp}`;
  await first.getByTestId("file-input").setInputFiles(file(`${bad}.csv`, "a,b\n1,2\n3\n"));
  await first.getByTestId("upload-row").filter({ hasText: `${bad}.csv` }).getByRole("button", { name: "Start import" }).click();
  const badInSecond = second.locator(`[data-testid="dataset"][data-name="${bad}"]`);
  await expect(badInSecond.getByTestId("process-status")).toHaveText("Failed", { timeout: 30_000 });
  const alert = failures.getByTestId("failed-import-alert");
  await expect(alert).toContainText(`Import failed just now: ${bad} of Alice`);
  const listed = failures.locator(`[data-testid="failed-import"][data-name="${bad}"]`);
  await expect(listed).toContainText(/Row \d+ has 1 value/);

  // The first tab never needed a reload either, and lists each once.
  await expect(first.locator(`[data-testid="dataset"][data-name="${good}"]`)).toHaveCount(1);
  await expect(first.locator(`[data-testid="dataset"][data-name="${bad}"]`)).toHaveCount(1);

  // After a reload the admin still sees it in the list (from the database).
  await admin.reload();
  await expect(admin.getByRole("region", { name: "Failed imports" }).locator(`[data-testid="failed-import"][data-name="${bad}"]`)).toBeVisible();
});
