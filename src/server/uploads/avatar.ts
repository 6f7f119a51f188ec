// A person's avatar: one of their own image uploads (its thumbnail is shown).
import "server-only";
import type { Db } from "../db";
import { thumbnailUrl } from "@/lib/uploads";
import { AppError } from "../errors";

export async function setAvatar(db: Db, input: { userId: string; uploadId: string }) {
  const upload = await db.upload.findUnique({ where: { id: input.uploadId } });
  if (!upload || upload.ownerId !== input.userId) throw new AppError("NOT_FOUND", "There is no such upload.");
  if (upload.kind !== "IMAGE" || !upload.thumbnailKey) throw new AppError("BAD_REQUEST", "An avatar must be an image.");
  await db.user.update({ where: { id: input.userId }, data: { avatarUploadId: upload.id } });
  return { avatarUrl: avatarUrl(upload.id) };
}

export async function getAvatar(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { avatarUploadId: true } });
  return { avatarUrl: user.avatarUploadId ? avatarUrl(user.avatarUploadId) : null };
}

function avatarUrl(uploadId: string): string {
  return thumbnailUrl(uploadId);
}
