// Images a post carries. Only the author's own uploads that finished and
// passed the content check as images may be attached: a row in Upload exists
// only for a finished, checked file, so one still uploading is "not found".
// Any refusal throws before the post is written (same transaction), so a
// refused post stores nothing.
import { env } from "../env";
import { AppError } from "../errors";
import type { Tx } from "../db";

export function maxAttachments(): number {
  return env().UPLOAD_MAX_FILES;
}

export async function attachImages(tx: Tx, input: { postId: string; userId: string; uploadIds: readonly string[] }) {
  const ids = [...new Set(input.uploadIds)];
  if (ids.length === 0) return;
  const max = maxAttachments();
  if (ids.length > max) {
    throw new AppError("BAD_REQUEST", `A post can carry at most ${max} ${max === 1 ? "image" : "images"}; you attached ${ids.length}.`, {
      attachmentIds: [`At most ${max} images`],
    });
  }
  const uploads = await tx.upload.findMany({
    where: { id: { in: ids } },
    select: { id: true, ownerId: true, kind: true, fileName: true, thumbnailKey: true },
  });
  const byId = new Map(uploads.map((u) => [u.id, u]));
  for (const id of ids) {
    const upload = byId.get(id);
    // Someone else's upload is "not found" too: its existence is not ours to tell.
    if (!upload || upload.ownerId !== input.userId) {
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
  await tx.postAttachment.createMany({
    data: ids.map((uploadId, position) => ({ postId: input.postId, uploadId, position })),
  });
}
