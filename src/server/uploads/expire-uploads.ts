// Deletes unfinished uploads that expired (UPLOAD_EXPIRY_HOURS after they
// started; tus already answers 410 Gone to them): their bytes, tus' record
// beside them, and the row holding their place in the quota. Run by the
// cleanup job (src/server/jobs/cleanup.ts).
//
// Not tus' own `server.cleanUpExpiredUploads()`: @tus/file-store 2.1 decides
// that an upload is unfinished from the offset in its `<id>.json`, which
// stays 0 after the bytes arrived, so it deletes finished files too (checked:
// a complete upload past the expiry is deleted by it). Here an upload is
// finished when it became an `Upload` row; anything else past the expiry
// goes, including uploads from before quotas existed and ones whose
// processing died half way.
import "server-only";
import type { Db } from "../db";
import { thumbnailKey } from "./accept-upload";
import { uploadExpiryCutoff } from "./quota";
import type { UploadStorage } from "./storage";

const BATCH = 1_000;

/** Returns how many expired uploads' bytes were deleted. */
export async function expireUploads(db: Db, storage: UploadStorage, now = new Date()): Promise<number> {
  const cutoff = uploadExpiryCutoff(now);
  const ids = await storage.uploadIds();
  let removed = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const finished = await db.upload.findMany({ where: { id: { in: batch } }, select: { id: true } });
    const kept = new Set(finished.map((u) => u.id));
    for (const id of batch) {
      if (kept.has(id)) continue;
      const createdAt = await storage.uploadCreatedAt(id);
      if (!createdAt || createdAt >= cutoff) continue;
      await storage.remove(id);
      await storage.remove(thumbnailKey(id));
      removed += 1;
    }
  }
  // After the bytes, so a run that fails half way leaves a row to retry by;
  // this also ends rows whose upload never reached the disk.
  await db.pendingUpload.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return removed;
}
