// A file has arrived completely: check what it is from its content, make
// the thumbnail of an image, and record it as its uploader's. A file that
// fails any check is deleted, so a refusal leaves nothing behind.
import "server-only";
import type { Upload } from "@tus/server";
import sharp from "sharp";
import type { Db } from "../db";
import { isUploadKind } from "@/lib/uploads";
import { checkContent, SNIFF_BYTES } from "./content-check";
import { releaseUploadSpace } from "./quota";
import type { UploadStorage } from "./storage";

const THUMBNAIL_PX = 256;

export function thumbnailKey(uploadId: string): string {
  return `${uploadId}.webp`;
}

export async function acceptUpload(
  db: Db,
  storage: UploadStorage,
  ownerId: string,
  upload: Pick<Upload, "id" | "metadata" | "size">,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const kind = upload.metadata?.kind;
  const reject = async (reason: string) => {
    await storage.remove(upload.id);
    await storage.remove(thumbnailKey(upload.id));
    await releaseUploadSpace(db, upload.id);
    return { ok: false as const, reason };
  };
  if (!isUploadKind(kind)) return reject("Unknown upload kind.");
  const size = (await storage.size(upload.id)) ?? 0;
  const check = await checkContent(kind, await storage.head(upload.id, SNIFF_BYTES), size <= SNIFF_BYTES);
  if (!check.ok) return reject(check.reason);

  let thumbnail: string | null = null;
  if (kind === "image") {
    try {
      const data = await sharp(await storage.readAll(upload.id))
        .rotate()
        .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: "cover" })
        .webp()
        .toBuffer();
      thumbnail = thumbnailKey(upload.id);
      await storage.write(thumbnail, data);
    } catch {
      return reject("This image could not be read (it may be damaged or incomplete).");
    }
  }
  // Only a short, printable name is kept, and only for display.
  const fileName = (upload.metadata?.filename ?? "file").replace(/[\u0000-\u001f]/g, "").slice(0, 200) || "file";
  // The file now counts as itself instead of as the place it held.
  await db.$transaction([
    db.upload.create({
      data: {
        id: upload.id,
        ownerId,
        kind: kind === "csv" ? "CSV" : "IMAGE",
        fileName,
        contentType: check.contentType,
        size,
        storageKey: upload.id,
        thumbnailKey: thumbnail,
      },
    }),
    db.pendingUpload.deleteMany({ where: { id: upload.id } }),
  ]);
  return { ok: true };
}
