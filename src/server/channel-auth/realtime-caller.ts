// Who is asking the realtime routes (channel auth, user auth): a browser by
// its session cookie, or a program by a personal access token with the
// `realtime` scope (Authorization: Bearer lnt_…), as the REST API reads it.
import "server-only";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import { authenticateAccessToken, bearerToken } from "../access-tokens/tokens";
import { sessionUserFromRequest, type SessionUser } from "../auth";

export type RealtimeCaller =
  /** `tokenScopes`: null for a session (every scope of its role). */
  | { ok: true; user: SessionUser | null; tokenScopes: AccessTokenScope[] | null }
  | { ok: false; status: 401 | 403; reason: string };

export async function realtimeCaller(req: Request): Promise<RealtimeCaller> {
  const token = bearerToken(req.headers);
  if (!token) return { ok: true, user: await sessionUserFromRequest(req), tokenScopes: null };
  const auth = await authenticateAccessToken(token);
  if (!auth) return { ok: false, status: 401, reason: "This access token is unknown, revoked or expired." };
  if (!auth.scopes.includes("realtime")) {
    return { ok: false, status: 403, reason: "This access token lacks the realtime scope." };
  }
  return { ok: true, user: auth.user, tokenScopes: auth.scopes };
}
