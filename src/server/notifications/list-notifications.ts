import { db } from "../db";
import { channels } from "../realtime/channels";
import { channelHead } from "../realtime/outbox";
import { notificationSelect, toNotificationView } from "./notification-view";
import { countUnread } from "./unread";

export async function listNotifications(options: {
  userId: string;
  cursor?: string | null;
  limit: number;
  unreadOnly: boolean;
}) {
  const rows = await db.notification.findMany({
    where: { recipientId: options.userId, ...(options.unreadOnly ? { readAt: null } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    select: notificationSelect,
  });
  const hasMore = rows.length > options.limit;
  const items = rows.slice(0, options.limit).map(toNotificationView);
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}

/**
 * What the bell needs: the unread count, the latest few, and the number of
 * the user's channel's newest event, all read in one snapshot, so the client
 * applies exactly the events after that number on top of this state.
 */
export function inboxSummary(options: { userId: string; latest?: number }) {
  return db.$transaction(
    async (tx) => {
      const head = await channelHead(tx, channels.user(options.userId));
      const [unreadCount, latest] = await Promise.all([
        countUnread(tx, options.userId),
        tx.notification.findMany({
          where: { recipientId: options.userId },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: options.latest ?? 8,
          select: notificationSelect,
        }),
      ]);
      return { unreadCount, latest: latest.map(toNotificationView), head };
    },
    { isolationLevel: "RepeatableRead" },
  );
}
