// A person's avatar: one of their own image uploads (its thumbnail is shown).
import "server-only";
import type { Actor } from "../actor";
import { db, type Db } from "../db";
import { thumbnailUrl } from "@/lib/uploads";
import { AppError } from "../errors";

export async function setAvatar({ actor, tx = db, uploadId }: { actor: Actor; tx?: Db; uploadId: string }) {
  const upload = await tx.upload.findUnique({ where: { id: uploadId } });
  if (!upload || upload.ownerId !== actor.id) throw new AppError("NOT_FOUND", "There is no such upload.");
  if (upload.kind !== "IMAGE" || !upload.thumbnailKey) throw new AppError("BAD_REQUEST", "An avatar must be an image.");
  await tx.user.update({ where: { id: actor.id }, data: { avatarUploadId: upload.id } });
  return { avatarUrl: avatarUrl(upload.id) };
}

export async function getAvatar({ actor, tx = db }: { actor: Actor; tx?: Db }) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { avatarUploadId: true } });
  return { avatarUrl: user.avatarUploadId ? avatarUrl(user.avatarUploadId) : null };
}

function avatarUrl(uploadId: string): string {
  return thumbnailUrl(uploadId);
}
