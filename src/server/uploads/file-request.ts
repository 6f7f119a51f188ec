// What every file route checks first: a signed-in person and an id that
// could be one of ours (never a path).
import "server-only";
import { sessionUserFromRequest, type SessionUser } from "../auth";

export async function fileRequest(
  req: Request,
  context: { params: Promise<{ id: string }> },
): Promise<{ user: SessionUser; id: string } | Response> {
  const user = await sessionUserFromRequest(req);
  if (!user) return new Response("Sign in to see files.", { status: 401 });
  const { id } = await context.params;
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) return new Response("Not found.", { status: 404 });
  return { user, id };
}
