// An image upload's thumbnail (avatars, attachments), for signed-in people.
import { db } from "@/server/db";
import { fileRequest } from "@/server/uploads/file-request";
import { uploadStorage } from "@/server/uploads/storage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, context: { params: Promise<{ id: string }> }) {
  const request = await fileRequest(req, context);
  if (request instanceof Response) return request;
  const { id } = request;
  const upload = await db.upload.findUnique({ where: { id }, select: { thumbnailKey: true } });
  if (!upload?.thumbnailKey) return new Response("Not found.", { status: 404 });
  const data = await uploadStorage().readAll(upload.thumbnailKey);
  return new Response(new Uint8Array(data), {
    headers: { "content-type": "image/webp", "cache-control": "private, max-age=31536000, immutable" },
  });
}
