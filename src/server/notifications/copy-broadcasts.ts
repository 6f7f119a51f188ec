// A person's copies of broadcasts are made when their inbox is next counted
// or read, not when the admin sends: sending to 100,000 people writes one
// Broadcast row and one event. Copies are ordinary notifications (read
// state, grouping, the badge all work unchanged); `User.broadcastSeq` says
// how far they have been made.
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { BroadcastView } from "@/lib/events";
import type { Db, Tx } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { lockChannel } from "../realtime/outbox";

// The copy's id is known to the browser before the copy exists (it marks it
// read by this id); the INSERT below spells the same 'bc_<broadcast>_<person>'.
export { broadcastCopyId } from "@/lib/notifications/notification-cache";

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
  // The person's channel lock first: the copies move its unread counter
  // (the inbox_unread triggers), and every writer takes the channel before
  // the person's row. Then the row: two transactions copying at once would
  // both start from the old watermark. NO KEY UPDATE, not UPDATE: a
  // concurrent notification's insert holds KEY SHARE on this row (its
  // foreign key) and FOR UPDATE would wait for it.
  await lockChannel(tx, channels.user(userId));
  const [locked] = await tx.$queryRaw<{ broadcastSeq: number; role: string; createdAt: Date }[]>`
    SELECT "broadcastSeq", role::text AS role, "createdAt" FROM "User" WHERE id = ${userId} FOR NO KEY UPDATE`;
  if (!locked || locked.broadcastSeq >= head) return locked?.broadcastSeq ?? head;
  await tx.$executeRaw`
    INSERT INTO "Notification" (id, "recipientId", "senderId", type, title, body, link, "createdAt", "broadcastId", urgent)
    SELECT 'bc_' || b.id || '_' || ${userId}, ${userId}, b."senderId", 'broadcast', b.title, b.body, b.link, b."createdAt", b.id, b.urgent
    FROM "Broadcast" b
    WHERE b.seq > ${locked.broadcastSeq} AND b.seq <= ${head} AND ${meantFor(userId, locked)}
    ON CONFLICT DO NOTHING`;
  // Raw: the watermark is bookkeeping, not a change to the profile (updatedAt).
  // The channel row keeps a copy beside the unread counter: an inbox event's
  // upsert returns both from the one row it locks (appendEventSql).
  await tx.$executeRaw`
    WITH u AS (UPDATE "User" SET "broadcastSeq" = ${head} WHERE id = ${userId})
    UPDATE "ChannelSequence" SET "broadcastSeq" = ${head} WHERE "channel" = ${channels.user(userId)}`;
  return head;
}

/**
 * `copyBroadcasts` in its own transaction, only when a broadcast was sent
 * after the person's watermark. Pages read the inbox on every load (the
 * layout's bell, the inbox list) and almost always nothing is new: then one
 * read answers, with no BEGIN/COMMIT around it. The check is the same pair
 * of reads copyBroadcasts starts with, which take no lock either.
 */
export async function copyBroadcastsIfBehind(db: Db, userId: string): Promise<void> {
  const [row] = await db.$queryRaw<{ behind: boolean }[]>`
    SELECT u."broadcastSeq" < (SELECT coalesce(max(seq), 0) FROM "Broadcast") AS behind FROM "User" u WHERE u.id = ${userId}`;
  if (row?.behind) await db.$transaction((tx) => copyBroadcasts(tx, userId));
}

/**
 * Broadcasts (alias b) meant for the person: in their audience (see
 * `inAudience`) and not turned off by their preference for announcements
 * unless urgent.
 */
function meantFor(userId: string, user: { role: string; createdAt: Date }): Prisma.Sql {
  return Prisma.sql`${inAudience({ id: Prisma.sql`${userId}`, role: Prisma.sql`${user.role}`, createdAt: Prisma.sql`${user.createdAt}` })}
    AND (b.urgent OR NOT EXISTS (
      SELECT 1 FROM "NotificationPreference" p
      WHERE p."userId" = ${userId} AND p.type = 'broadcast' AND NOT p."inApp"))`;
}

/**
 * Stores how many people the broadcast is meant for (the copies' rule, over
 * every person at once), in the sending transaction: one statement, no
 * per-person write. Its "read by N of M" divides by this.
 */
export async function storeReach(tx: Tx, broadcastId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ reached: number }[]>`
    UPDATE "Broadcast" b SET reached = (
      SELECT count(*)::int FROM "User" u
      WHERE ${inAudience({ id: Prisma.sql`u.id`, role: Prisma.sql`u.role::text`, createdAt: Prisma.sql`u."createdAt"` })}
        AND (b.urgent OR NOT EXISTS (
          SELECT 1 FROM "NotificationPreference" p
          WHERE p."userId" = u.id AND p.type = 'broadcast' AND NOT p."inApp")))
    WHERE b.id = ${broadcastId}
    RETURNING reached`;
  return rows[0]?.reached ?? 0;
}

/**
 * The one audience rule, for the broadcast aliased b: the person joined
 * before it was sent, and it went to everyone, their role or one of their
 * teams. The person is given as SQL (values for one person, or the columns
 * of a query over many: announcement-push.ts walks the people with devices
 * by it), so copies and pushes cannot disagree about who was meant.
 */
export function inAudience(person: { id: Prisma.Sql; role: Prisma.Sql; createdAt: Prisma.Sql }): Prisma.Sql {
  return Prisma.sql`b."createdAt" >= ${person.createdAt}
    AND (
      b.audience = 'everyone'
      OR (b.audience = 'role' AND b.role::text = ${person.role})
      OR (b.audience = 'team' AND EXISTS (
        SELECT 1 FROM "TeamMember" m WHERE m."teamId" = b."teamId" AND m."userId" = ${person.id}))
    )`;
}

/**
 * Broadcasts meant for the person beyond their watermark, read in the
 * caller's snapshot: sent between the copy and that snapshot. The inbox
 * summary hands them to the browser as pending (counted, not yet copied).
 */
export async function uncopiedBroadcasts(
  client: Db | Tx,
  userId: string,
  user: { role: string; createdAt: Date; broadcastSeq: number },
): Promise<BroadcastView[]> {
  const rows = await client.$queryRaw<
    { id: string; seq: number; title: string; body: string; link: string | null; urgent: boolean; createdAt: Date; senderName: string | null }[]
  >`SELECT b.id, b.seq, b.title, b.body, b.link, b.urgent, b."createdAt", s.name AS "senderName"
    FROM "Broadcast" b LEFT JOIN "User" s ON s.id = b."senderId"
    WHERE b.seq > ${user.broadcastSeq} AND ${meantFor(userId, user)}
    ORDER BY b.seq LIMIT 100`;
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
