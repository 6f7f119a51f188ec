import "server-only";
import { broadcastChannelsOf } from "./broadcast-channels";
import { copyBroadcastsIfBehind, uncopiedBroadcasts } from "./copy-broadcasts";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { notificationSelect, toNotificationView } from "./notification-view";
import type { Prisma } from "@/generated/prisma/client";
import { kindTypes, type InboxKind } from "@/lib/notifications/inbox-filters";
import { archivedEntriesWhere, inboxEntriesWhere } from "./unread";

/** A kind as a condition on the notification's type or read state. */
function kindWhere(kind: InboxKind): Prisma.NotificationWhereInput {
  if (kind === "all") return {};
  if (kind === "unread") return { readAt: null };
  const rule = kindTypes[kind];
  return "prefix" in rule ? { type: { startsWith: rule.prefix } } : { type: rule.type };
}

export async function listNotifications(options: {
  actor: Actor;
  cursor?: string | null;
  limit: number;
  unreadOnly: boolean;
  kind?: InboxKind;
  archived?: boolean;
}) {
  await copyBroadcastsIfBehind(db, options.actor.id);
  // Keyset pagination from the cursor's (createdAt, id), not Prisma's
  // `cursor` + `skip: 1`: with the unread filter, a cursor item read since
  // the last page no longer matches, and skipping one would drop the next.
  const after = options.cursor
    ? await db.notification.findFirst({
        where: { id: options.cursor, recipientId: options.actor.id },
        select: { createdAt: true, id: true },
      })
    : null;
  if (options.cursor && !after) throw new AppError("BAD_REQUEST", "That page of the inbox no longer exists; reload it.");
  const rows = await db.notification.findMany({
    where: {
      ...(options.archived ? archivedEntriesWhere(options.actor.id) : inboxEntriesWhere(options.actor.id)),
      ...(options.unreadOnly ? { readAt: null } : {}),
      ...kindWhere(options.kind ?? "all"),
      ...(after
        ? {
            OR: [
              { createdAt: { lt: after.createdAt } },
              { createdAt: after.createdAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    select: notificationSelect,
  });
  const hasMore = rows.length > options.limit;
  const items = rows.slice(0, options.limit).map(toNotificationView);
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}

/**
 * What the bell needs: the unread count, the latest few, and the number of
 * the user's channel's newest event, all read in one snapshot, so the client
 * applies exactly the events after that number on top of this state. The
 * same goes for the broadcast channels the person listens to: their heads,
 * and the broadcasts sent after the copies were made (pending).
 */
export async function inboxSummary(options: { actor: Actor; latest?: number }) {
  await copyBroadcastsIfBehind(db, options.actor.id);
  return db.$transaction(
    async (tx) => {
      const user = await tx.user.findUniqueOrThrow({
        where: { id: options.actor.id },
        select: {
          role: true,
          createdAt: true,
          broadcastSeq: true,
          teams: { select: { teamId: true } },
          preferences: { where: { type: "broadcast" }, select: { inApp: true } },
        },
      });
      // Every head in one read (the person's channel and each broadcast
      // channel they hear), not one round trip per channel; the person's
      // row also holds the unread counter (countUnread reads the same field).
      const userChannel = channels.user(options.actor.id);
      const rows = await tx.channelSequence.findMany({
        where: { channel: { in: [userChannel, ...broadcastChannelsOf(user)] } },
        select: { channel: true, lastSeq: true, unread: true },
      });
      const byChannel = new Map(rows.map((row) => [row.channel, row]));
      const head = Number(byChannel.get(userChannel)?.lastSeq ?? 0);
      const unreadCount = byChannel.get(userChannel)?.unread ?? 0;
      const broadcastHeads: Record<string, number> = {};
      for (const channel of broadcastChannelsOf(user)) broadcastHeads[channel] = Number(byChannel.get(channel)?.lastSeq ?? 0);
      const [latest, pending] = await Promise.all([
        tx.notification.findMany({
          where: inboxEntriesWhere(options.actor.id),
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: options.latest ?? 8,
          select: notificationSelect,
        }),
        uncopiedBroadcasts(tx, options.actor.id, user),
      ]);
      return {
        unreadCount,
        latest: latest.map(toNotificationView),
        head,
        broadcastSeq: user.broadcastSeq,
        pending,
        broadcastHeads,
        acceptsBroadcasts: user.preferences[0]?.inApp ?? true,
      };
    },
    { isolationLevel: "RepeatableRead" },
  );
}
