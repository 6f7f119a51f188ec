// An image upload as sent (a post attachment's "full image" link). Its
// uploader may always see it; others only once it is attached to a post
// (every signed-in person reads the feed). CSV files are never served here.
import { Readable } from "node:stream";
import { db } from "@/server/db";
import { fileRequest } from "@/server/uploads/file-request";
import { uploadStorage } from "@/server/uploads/storage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, context: { params: Promise<{ id: string }> }) {
  const request = await fileRequest(req, context);
  if (request instanceof Response) return request;
  const { user, id } = request;
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
