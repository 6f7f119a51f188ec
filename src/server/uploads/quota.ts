// Each person's upload space (UPLOAD_QUOTA_MB): the files they
// have uploaded plus the declared length of their unfinished uploads, which
// hold their place from the moment they start (`PendingUpload`). An upload
// is let in only when it fits, so uploads started side by side cannot
// together pass the quota; one that expired no longer counts.
import "server-only";
import type { Db } from "../db";
import { env } from "../env";
import { formatBytes } from "@/lib/uploads";

const MB = 1024 * 1024;

export type Reservation = { ok: true } | { ok: false; reason: string };

/** Unfinished uploads started before this moment have expired. */
export function uploadExpiryCutoff(now = new Date()): Date {
  return new Date(now.getTime() - env().UPLOAD_EXPIRY_HOURS * 3600_000);
}

/**
 * Holds `size` bytes of the owner's space for upload `uploadId`, or says why
 * not. Every upload path calls this before storing anything.
 */
export async function reserveUploadSpace(
  db: Db,
  input: { ownerId: string; uploadId: string; size: number },
): Promise<Reservation> {
  const quota = env().UPLOAD_QUOTA_MB * MB;
  return db.$transaction(async (tx) => {
    // One reservation per person at a time: the sum read below stays true until commit.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`upload-quota:${input.ownerId}`}))`;
    const [usage] = await tx.$queryRaw<{ used: bigint }[]>`
      SELECT
        (SELECT coalesce(sum("size"), 0) FROM "Upload" WHERE "ownerId" = ${input.ownerId}) +
        (SELECT coalesce(sum("size"), 0) FROM "PendingUpload"
          WHERE "ownerId" = ${input.ownerId} AND "createdAt" >= ${uploadExpiryCutoff()}) AS used`;
    const used = Number(usage?.used ?? 0);
    if (used + input.size > quota) {
      const left = Math.max(0, quota - used);
      return {
        ok: false as const,
        reason:
          `Not enough upload space: this file is ${formatBytes(input.size)} and ${formatBytes(left)} ` +
          `of your ${env().UPLOAD_QUOTA_MB} MB is left. ` +
          "Delete posts or images you no longer need, or cancel unfinished uploads, to make room.",
      };
    }
    await tx.pendingUpload.create({ data: { id: input.uploadId, ownerId: input.ownerId, size: input.size } });
    return { ok: true as const };
  });
}

/** The upload finished, was refused or cancelled: its place is no longer held. */
export async function releaseUploadSpace(db: Db, uploadId: string): Promise<void> {
  await db.pendingUpload.deleteMany({ where: { id: uploadId } });
}
