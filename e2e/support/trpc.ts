import { expect, type Page } from "@playwright/test";

/** Calls a tRPC mutation over HTTP from the page (its cookies, its person). */
export async function mutate(page: Page, path: string, input: unknown): Promise<unknown> {
  const result = await page.evaluate(
    async ({ path, input }) => {
      const response = await fetch(`/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: input }),
      });
      return { status: response.status, body: await response.json() };
    },
    { path, input },
  );
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return (result.body as { result: { data: { json: unknown } } }).result.data.json;
}
