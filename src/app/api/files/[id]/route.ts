// An image upload as sent (a post attachment's "full image" link). Its
// uploader may always see it; others only once it is attached to a post
// (every signed-in person reads the feed). CSV files are never served here.
import { Readable } from "node:stream";
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
  const upload = await db.upload.findUnique({
    where: { id },
    select: { kind: true, ownerId: true, contentType: true, size: true, storageKey: true, _count: { select: { attachedTo: true } } },
  });
  if (!upload || upload.kind !== "IMAGE") return new Response("Not found.", { status: 404 });
  if (upload.ownerId !== user.id && upload._count.attachedTo === 0) return new Response("Not found.", { status: 404 });
  const storage = uploadStorage();
  if ((await storage.size(upload.storageKey)) === null) return new Response("Not found.", { status: 404 });
  const body = Readable.toWeb(storage.read(upload.storageKey)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      // The type the content check found, never the browser's claim.
      "content-type": upload.contentType,
      "content-length": String(upload.size),
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=31536000, immutable",
    },
  });
}
