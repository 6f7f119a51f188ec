// The tus endpoint: create (POST), resume (HEAD), send bytes (PATCH),
// cancel (DELETE). Only signed-in people; each upload is its uploader's.
import { sessionUserFromRequest } from "@/server/auth";
import { handleUpload } from "@/server/uploads/tus-server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function handle(req: Request): Promise<Response> {
  const user = await sessionUserFromRequest(req);
  if (!user) return new Response("Sign in to upload files.", { status: 401 });
  return handleUpload(req, user);
}

export { handle as GET, handle as HEAD, handle as POST, handle as PATCH, handle as DELETE, handle as OPTIONS };
