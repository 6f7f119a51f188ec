import { expect, type Page } from "@playwright/test";
import { mutate } from "./trpc";

type Entry = { id: string; type: string; actions?: { id: string }[]; actionResult?: string | null };

/**
 * Accepts the person's newest open invitation (a private room, a document)
 * through the API, as its notification's Accept button does: for journeys
 * about what members do once in (e2e/invitations.spec.ts clicks the button).
 */
export async function acceptNewestInvitation(page: Page): Promise<void> {
  let entry: Entry | undefined;
  await expect
    .poll(async () => {
      const items = await page.evaluate(async () => {
        const input = encodeURIComponent(JSON.stringify({ json: { limit: 20 } }));
        const response = await fetch(`/api/trpc/notifications.list?input=${input}`);
        const body = (await response.json()) as { result: { data: { json: { items: unknown[] } } } };
        return body.result.data.json.items;
      });
      entry = (items as Entry[]).find((n) => n.actions?.some((a) => a.id === "accept"));
      return entry !== undefined;
    })
    .toBe(true);
  await mutate(page, "notifications.act", { id: entry!.id, action: "accept" });
}
