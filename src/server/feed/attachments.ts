// Images a post carries. Only the author's own uploads that finished and
// passed the content check as images may be attached: a row in Upload exists
// only for a finished, checked file, so one still uploading is "not found".
// Any refusal throws before anything is written (same transaction), so a
// refused post or edit stores nothing.
import "server-only";
import { env } from "../env";
import { AppError } from "../errors";
import type { Tx } from "../db";
import { afterCommit } from "../realtime/outbox";
import { uploadStorage } from "../uploads/storage";

function maxAttachments(): number {
  return env().UPLOAD_MAX_FILES;
}

function tooMany(count: number): AppError {
  const max = maxAttachments();
  return new AppError("BAD_REQUEST", `A post can carry at most ${max} ${max === 1 ? "image" : "images"}; you attached ${count}.`, {
    attachmentIds: [`At most ${max} images`],
  });
}

/** Refuses any id that is not a finished image upload of `userId`'s. */
async function checkOwnImages(tx: Tx, userId: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  const uploads = await tx.upload.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, ownerId: true, kind: true, fileName: true, thumbnailKey: true },
  });
  const byId = new Map(uploads.map((u) => [u.id, u]));
  for (const id of ids) {
    const upload = byId.get(id);
    // Someone else's upload is "not found" too: its existence is not ours to tell.
    if (!upload || upload.ownerId !== userId) {
      throw new AppError(
        "BAD_REQUEST",
        "One of the attached files is not a finished upload of yours (it may still be uploading, or it was removed). Remove it and try again.",
        { attachmentIds: ["Not a finished upload of yours"] },
      );
    }
    if (upload.kind !== "IMAGE" || !upload.thumbnailKey) {
      throw new AppError("BAD_REQUEST", `${upload.fileName} is not an image: only JPEG, PNG or WebP images can be attached to a post.`, {
        attachmentIds: ["Only images can be attached"],
      });
    }
  }
}

export async function attachImages(tx: Tx, input: { postId: string; userId: string; uploadIds: readonly string[] }) {
  const ids = [...new Set(input.uploadIds)];
  if (ids.length === 0) return;
  if (ids.length > maxAttachments()) throw tooMany(ids.length);
  await checkOwnImages(tx, input.userId, ids);
  await tx.postAttachment.createMany({
    data: ids.map((uploadId, position) => ({ postId: input.postId, uploadId, position })),
  });
}

/**
 * An edit's new, ordered list of images. Images the post already carries are
 * not checked again (they were the author's when attached), and a post that
 * carries more than the limit (it was lowered since) may keep or drop them,
 * only not take new ones. Images dropped here that nothing else uses are
 * deleted, see `deleteIfUnused`.
 */
export async function replaceImages(tx: Tx, input: { postId: string; userId: string; uploadIds: readonly string[] }) {
  const ids = [...new Set(input.uploadIds)];
  const current = (
    await tx.postAttachment.findMany({ where: { postId: input.postId }, select: { uploadId: true } })
  ).map((a) => a.uploadId);
  const added = ids.filter((id) => !current.includes(id));
  if (ids.length > maxAttachments() && added.length > 0) throw tooMany(ids.length);
  await checkOwnImages(tx, input.userId, added);
  // Rewritten whole: positions follow the new order.
  await tx.postAttachment.deleteMany({ where: { postId: input.postId } });
  await tx.postAttachment.createMany({
    data: ids.map((uploadId, position) => ({ postId: input.postId, uploadId, position })),
  });
  await deleteIfUnused(
    tx,
    current.filter((id) => !ids.includes(id)),
  );
}

/** Before a post is deleted: its images go with it where nothing else uses them. */
export async function releaseImages(tx: Tx, postId: string) {
  const current = await tx.postAttachment.findMany({ where: { postId }, select: { uploadId: true } });
  await tx.postAttachment.deleteMany({ where: { postId } });
  await deleteIfUnused(
    tx,
    current.map((a) => a.uploadId),
  );
}

/**
 * An image taken off a post was uploaded for it: once no post shows it, it is
 * nobody's avatar and no dataset came from it, nothing can reach it any more
 * (its full image is served to others only while attached), so its row goes
 * in this transaction and its bytes after commit. Anything still in use stays.
 */
async function deleteIfUnused(tx: Tx, uploadIds: readonly string[]) {
  if (uploadIds.length === 0) return;
  const avatars = await tx.user.findMany({ where: { avatarUploadId: { in: [...uploadIds] } }, select: { avatarUploadId: true } });
  const inUse = new Set(avatars.map((u) => u.avatarUploadId));
  const unused = await tx.upload.findMany({
    where: {
      id: { in: uploadIds.filter((id) => !inUse.has(id)) },
      attachedTo: { none: {} },
      datasets: { none: {} },
    },
    select: { id: true, storageKey: true, thumbnailKey: true },
  });
  if (unused.length === 0) return;
  await tx.upload.deleteMany({ where: { id: { in: unused.map((u) => u.id) } } });
  const keys = unused.flatMap((u) => (u.thumbnailKey ? [u.storageKey, u.thumbnailKey] : [u.storageKey]));
  afterCommit(tx, () => void removeFiles(keys));
}

async function removeFiles(keys: readonly string[]) {
  const storage = uploadStorage();
  for (const key of keys) {
    // A file left behind costs disk space only; the change itself has been saved.
    await storage.remove(key).catch((error: unknown) => console.error(`Could not remove upload file ${key}`, error));
  }
}
