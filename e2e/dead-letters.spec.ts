// Journey: an event the realtime server keeps refusing. No person can cause
// one (the app keeps its events small), so the journey writes one to the
// outbox as a producer's bug would: 300 KB, over Soketi's 100 KB limit. The
// admin's open console shows it arrive as a dead letter, live, with the
// server's answer; health says degraded; marking it resolved clears both.
import { expect, test } from "./support/test";
import { demo, signedInPage } from "./support/accounts";
import { sql } from "./support/database";

async function health(page: import("@playwright/test").Page) {
  const response = await page.request.get("/api/health");
  expect(response.status()).toBe(200);
  return ((await response.json()) as { status: string }).status;
}

test("an admin sees a refused event arrive as a dead letter and marks it resolved", async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await signedInPage(browser, demo.admin, "/admin");
  const section = admin.getByRole("region", { name: "Dead letters" });
  await expect(section.getByTestId("dead-letters-empty")).toBeVisible();
  expect(await health(admin)).toBe("ok");

  const channel = `private-resource.e2e-dead-letter-${Date.now()}`;
  await sql(
    `WITH s AS (
       INSERT INTO "ChannelSequence" ("channel", "lastSeq") VALUES ($1, 1)
       ON CONFLICT ("channel") DO UPDATE SET "lastSeq" = "ChannelSequence"."lastSeq" + 1
       RETURNING "lastSeq")
     INSERT INTO "OutboxEvent" ("channel", "seq", "type", "payload", "createdAt")
     SELECT $1, s."lastSeq", 'process.activity', $2::jsonb, now() AT TIME ZONE 'UTC' FROM s`,
    [channel, JSON.stringify({ processId: "e2e", padding: "x".repeat(300 * 1024) })],
  );

  // Refused five times (pauses of 0.2, 0.4, 0.8, 1.6 s here), then set aside: on the page at once.
  const letter = section.getByTestId("dead-letter");
  await expect(letter).toHaveCount(1, { timeout: 30_000 });
  await expect(letter).toContainText(`process.activity on ${channel}`);
  await expect(letter).toContainText("HTTP 413: The event data should be less than 100 KB.");
  await expect(letter).toContainText("5 attempts");
  await expect(section.getByTestId("dead-letters-count")).toHaveText("1");
  expect(await health(admin)).toBe("degraded");

  await letter.getByRole("button", { name: "Mark resolved" }).click();
  await expect(section.getByTestId("dead-letters-empty")).toBeVisible();
  expect(await health(admin)).toBe("ok");
  await expect(admin.getByTestId("audit-entry").first()).toContainText(`marked resolved the dead letter process.activity on ${channel}`);

  // A reload shows the same: nothing unresolved.
  await admin.reload();
  await expect(admin.getByRole("region", { name: "Dead letters" }).getByTestId("dead-letters-empty")).toBeVisible();
});
