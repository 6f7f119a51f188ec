// The tus endpoint (resumable uploads) behind /api/uploads. Limits are
// checked while receiving: the declared length at creation, against the
// kind's limit and the uploader's quota, and every byte after it (tus'
// maxSize); the content is checked when the last byte arrived, and a
// rejected file is deleted before the answer goes out. An unfinished upload
// expires UPLOAD_EXPIRY_HOURS after it started (storage.ts).
import "server-only";
import { Server, type Upload } from "@tus/server";
import type { SessionUser } from "../auth";
import { db } from "../db";
import { aKind, isUploadKind, uploadIdFromUrl, uploadKinds, UPLOAD_ENDPOINT } from "@/lib/uploads";
import { acceptUpload } from "./accept-upload";
import { releaseUploadSpace, reserveUploadSpace } from "./quota";
import { uploadStorage } from "./storage";

type Refusal = { status_code: number; body: string };
const refuse = (status_code: number, body: string): Refusal => ({ status_code, body });

/** The signed-in uploader of each request being handled (set by handleUpload). */
const uploaders = new WeakMap<object, SessionUser>();

function uploaderOf(req: object): SessionUser {
  const user = uploaders.get(req);
  if (!user) throw refuse(401, "Sign in to upload files.");
  return user;
}

/** Upload-Metadata is `key base64,key base64`; only `kind` matters before creation. */
function declaredKind(req: Request): string | null {
  const header = req.headers.get("upload-metadata") ?? "";
  for (const pair of header.split(",")) {
    const [key, value] = pair.trim().split(" ");
    if (key === "kind" && value) return Buffer.from(value, "base64").toString("utf8");
  }
  return null;
}

function createServer(): Server {
  const storage = uploadStorage();
  return new Server({
    path: UPLOAD_ENDPOINT,
    datastore: storage.tusStore,
    // Behind a proxy the Host header may not be what the browser used.
    relativeLocation: true,
    // Per kind. At creation the declared Upload-Length is checked against
    // it; afterwards no PATCH may write past it.
    maxSize: async (req, uploadId) => {
      // At creation tus has already chosen the id but stored nothing: the
      // kind is the one declared (an unknown one is refused with a message
      // by onUploadCreate). Without this every upload was held to the
      // smallest limit.
      const upload = uploadId ? await storage.tusStore.getUpload(uploadId).catch(() => null) : null;
      if (upload) {
        const kind = upload.metadata?.kind;
        return isUploadKind(kind) ? uploadKinds[kind].maxBytes : uploadKinds.image.maxBytes;
      }
      const kind = declaredKind(req);
      return isUploadKind(kind) ? uploadKinds[kind].maxBytes : uploadKinds.csv.maxBytes;
    },
    // Every request: signed in, and only your own uploads.
    onIncomingRequest: async (req, uploadId) => {
      const user = uploaderOf(req);
      if (req.method === "POST" || req.method === "OPTIONS") return;
      const upload = await storage.tusStore.getUpload(uploadId).catch(() => null);
      if (upload && upload.metadata?.ownerId !== user.id) throw refuse(403, "This upload belongs to someone else.");
    },
    onUploadCreate: async (req, upload: Upload) => {
      const user = uploaderOf(req);
      const kind = upload.metadata?.kind;
      if (!isUploadKind(kind)) throw refuse(400, "Say what the file is for: kind must be csv or image.");
      if (upload.sizeIsDeferred || upload.size === undefined) {
        throw refuse(400, "Send the file's length when starting the upload.");
      }
      const limit = uploadKinds[kind].maxBytes;
      if (upload.size > limit) {
        throw refuse(413, `This file is ${Math.ceil(upload.size / 1024 / 1024)} MB; ${aKind(kind)} may be at most ${limit / 1024 / 1024} MB.`);
      }
      const space = await reserveUploadSpace(db, { ownerId: user.id, uploadId: upload.id, size: upload.size });
      if (!space.ok) throw refuse(413, space.reason);
      // The owner is ours to set, never the client's.
      return { metadata: { ...upload.metadata, ownerId: user.id } };
    },
    onUploadFinish: async (req, upload: Upload) => {
      const user = uploaderOf(req);
      const result = await acceptUpload(db, storage, user.id, upload);
      if (!result.ok) throw refuse(415, result.reason);
      return {};
    },
  });
}

const store = globalThis as unknown as { __tusServer?: Server };

function tusServer(): Server {
  store.__tusServer ??= createServer();
  return store.__tusServer;
}

/** Serves one tus request of a signed-in person. */
export async function handleUpload(req: Request, user: SessionUser): Promise<Response> {
  uploaders.set(req, user);
  const response = await tusServer().handleWeb(req);
  // A cancelled upload gives its place in the quota back before the answer
  // goes out, so the next upload already has the room.
  if (req.method === "DELETE" && response.status === 204) {
    await releaseUploadSpace(db, uploadIdFromUrl(new URL(req.url).pathname));
  }
  return response;
}
