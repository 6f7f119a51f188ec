// An image upload's thumbnail (avatars, attachments), for signed-in people.
import { sessionUserFromRequest } from "@/server/auth";
import { db } from "@/server/db";
import { uploadStorage } from "@/server/uploads/storage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, context: { params: Promise<{ id: string }> }) {
  const user = await sessionUserFromRequest(req);
  if (!user) return new Response("Sign in to see files.", { status: 401 });
  const { id } = await context.params;
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) return new Response("Not found.", { status: 404 });
  const upload = await db.upload.findUnique({ where: { id }, select: { thumbnailKey: true } });
  if (!upload?.thumbnailKey) return new Response("Not found.", { status: 404 });
  const data = await uploadStorage().readAll(upload.thumbnailKey);
  return new Response(new Uint8Array(data), {
    headers: { "content-type": "image/webp", "cache-control": "private, max-age=31536000, immutable" },
  });
}
