// An unexpected failure answers 500 with a sentence for people, on REST and
// tRPC alike, never the cause's own words: a database's error named its
// syntax and the values it choked on (before the surrogate fix, a title's
// half surrogate answered "invalid input syntax for type json"). The
// server's log keeps the cause for whoever runs it.
import { afterEach, expect, it, vi } from "vitest";
import { INTERNAL_ERROR_MESSAGE } from "@/lib/internal-error";
import { createAccessToken } from "@/server/access-tokens/tokens";
import { db } from "@/server/db";
import { rest } from "../helpers/rest";
import { sessionCookie } from "../helpers/session";
import { trpcHttp } from "../helpers/trpc-http";
import { createUser } from "../helpers/users";

// The database failing as it did for the half surrogate, in the listing's query.
const CAUSE = 'invalid input syntax for type json: Token "\\ud800" is invalid (secret detail)';

function failTheNextListing() {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(db.notification, "findMany").mockRejectedValueOnce(new Error(CAUSE));
  return logged;
}

afterEach(() => vi.restoreAllMocks());

it("REST: 500 with a sentence for people; the log gets the cause", async () => {
  const user = await createUser();
  const { token } = await createAccessToken({ actor: user, name: "test", scopes: ["notifications:read"] });
  const logged = failTheNextListing();

  const answer = await rest("GET", "/notifications", token);

  expect(answer.status).toBe(500);
  expect(answer.json).toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: INTERNAL_ERROR_MESSAGE });
  expect(JSON.stringify(answer.json)).not.toMatch(/syntax|secret/);
  expect(logged).toHaveBeenCalledWith("[rest] notifications.list:", expect.objectContaining({ message: CAUSE }));
  // The next call is answered as usual.
  expect((await rest("GET", "/notifications", token)).status).toBe(200);
});

it("tRPC over HTTP: 500 with the same sentence; the log gets the cause", async () => {
  const user = await createUser();
  const logged = failTheNextListing();

  const answer = await trpcHttp("notifications.list", "query", { cookie: await sessionCookie(user), input: {} });

  expect(answer.status).toBe(500);
  expect(answer.error).toMatchObject({ message: INTERNAL_ERROR_MESSAGE, data: { code: "INTERNAL_SERVER_ERROR" } });
  expect(JSON.stringify(answer.body)).not.toMatch(/syntax|secret/);
  expect(logged).toHaveBeenCalledWith("[trpc] notifications.list:", expect.objectContaining({ message: CAUSE }));
});

it("a refusal the server means keeps its own message", async () => {
  const user = await createUser();
  const answer = await trpcHttp("notifications.markRead", "mutation", { cookie: await sessionCookie(user), input: { id: "no-such-notification" } });
  expect(answer.status).toBe(404);
  expect(answer.error).toMatchObject({ data: { code: "NOT_FOUND" } });
  expect((answer.error as { message: string }).message).not.toBe(INTERNAL_ERROR_MESSAGE);
});
