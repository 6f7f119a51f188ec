// The admin's list of sent announcements (to everyone, a role or a team),
// newest first, each with how many people it reached and how many have read
// it. "Reached" was counted once when it was sent (notifications/copy-broadcasts.ts
// storeReach); "read" counts the copies people have read, by index
// (Notification broadcastId, readAt): one grouped query for the page, no
// per-person work, whatever the audience's size.
import "server-only";
import type { ListAnnouncementsInput } from "@/lib/validation/notifications";
import { db } from "../db";
import { broadcastSelect, toBroadcastView } from "./broadcast-view";

export async function listAnnouncements(options: ListAnnouncementsInput) {
  const rows = await db.broadcast.findMany({
    where: options.cursor ? { seq: { lt: Number(options.cursor) } } : {},
    orderBy: { seq: "desc" },
    take: options.limit + 1,
    select: { ...broadcastSelect, audience: true, role: true, reached: true, team: { select: { id: true, name: true } } },
  });
  const page = rows.slice(0, options.limit);
  const reads = await db.notification.groupBy({
    by: ["broadcastId"],
    where: { broadcastId: { in: page.map((row) => row.id) }, readAt: { not: null } },
    _count: { _all: true },
  });
  const readBy = new Map(reads.map((r) => [r.broadcastId, r._count._all]));
  const items = page.map(({ audience, role, team, reached, ...row }) => ({
    ...toBroadcastView(row),
    reached,
    audience: { kind: audience as "everyone" | "role" | "team", role, team },
    read: readBy.get(row.id) ?? 0,
  }));
  return { items, nextCursor: rows.length > options.limit ? String(items.at(-1)!.seq) : null };
}
