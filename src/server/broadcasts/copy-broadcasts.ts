// A person's copies of broadcasts are made when their inbox is next counted
// or read, not when the admin sends: sending to 100,000 people writes one
// Broadcast row and one event. Copies are ordinary notifications (read
// state, grouping, the badge all work unchanged); `User.broadcastSeq` says
// how far they have been made.
import type { Tx } from "../db";

/** The copy's id is known to the browser before the copy exists (it marks it read by this id). */
export function broadcastCopyId(broadcastId: string, userId: string): string {
  return `bc_${broadcastId}_${userId}`;
}

/**
 * Copies every broadcast meant for the person (sent after they joined, to
 * everyone, their role or one of their teams, and not turned off by their
 * preference unless urgent) into their inbox; returns the watermark.
 */
export async function copyBroadcasts(tx: Tx, userId: string): Promise<number> {
  // Broadcasts are numbered under one lock held until commit, so the highest
  // committed number means every lower one is committed too.
  const rows = await tx.$queryRaw<{ head: number }[]>`SELECT coalesce(max(seq), 0)::int AS head FROM "Broadcast"`;
  const head = rows[0]?.head ?? 0;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { broadcastSeq: true } });
  if (!user || user.broadcastSeq >= head) return user?.broadcastSeq ?? head;
  // Lock the person's row: two transactions copying at once would both
  // start from the old watermark (the inserts would not clash, but the
  // second's count could miss the first's uncommitted copies).
  const [locked] = await tx.$queryRaw<{ broadcastSeq: number; role: string; createdAt: Date }[]>`
    SELECT "broadcastSeq", role::text AS role, "createdAt" FROM "User" WHERE id = ${userId} FOR UPDATE`;
  if (!locked || locked.broadcastSeq >= head) return locked?.broadcastSeq ?? head;
  await tx.$executeRaw`
    INSERT INTO "Notification" (id, "recipientId", "senderId", type, title, body, link, "createdAt", "broadcastId", urgent)
    SELECT 'bc_' || b.id || '_' || ${userId}, ${userId}, b."senderId", 'broadcast', b.title, b.body, b.link, b."createdAt", b.id, b.urgent
    FROM "Broadcast" b
    WHERE b.seq > ${locked.broadcastSeq} AND b.seq <= ${head}
      AND b."createdAt" >= ${locked.createdAt}
      AND (
        b.audience = 'everyone'
        OR (b.audience = 'role' AND b.role::text = ${locked.role})
        OR (b.audience = 'team' AND EXISTS (
          SELECT 1 FROM "TeamMember" m WHERE m."teamId" = b."teamId" AND m."userId" = ${userId}))
      )
      AND (b.urgent OR NOT EXISTS (
        SELECT 1 FROM "NotificationPreference" p
        WHERE p."userId" = ${userId} AND p.type = 'broadcast' AND NOT p."inApp"))
    ON CONFLICT DO NOTHING`;
  await tx.user.update({ where: { id: userId }, data: { broadcastSeq: head } });
  return head;
}
