import { db } from "../db";
import { AppError } from "../errors";
import { channels } from "../realtime/channels";
import { appendEvent, lockChannel, transactionWithEvents } from "../realtime/outbox";
import { countUnread } from "./unread";

/** Marks one of the user's notifications read; reading it again changes nothing. */
export function markRead(options: { userId: string; id: string }) {
  return transactionWithEvents(db, async (tx) => {
    const readAt = new Date();
    const { count } = await tx.notification.updateMany({
      where: { id: options.id, recipientId: options.userId, readAt: null },
      data: { readAt },
    });
    if (count === 0) {
      const exists = await tx.notification.count({ where: { id: options.id, recipientId: options.userId } });
      // Someone else's notification is "not found" too: its existence is not ours to learn.
      if (!exists) throw new AppError("NOT_FOUND", "That notification does not exist.");
      return { unreadCount: await countUnread(tx, options.userId), changed: false };
    }
    let unreadCount = 0;
    await appendEvent(tx, channels.user(options.userId), "notification.read", async () => {
      unreadCount = await countUnread(tx, options.userId);
      return { ids: [options.id], readAt: readAt.toISOString(), unreadCount };
    });
    return { unreadCount, changed: true };
  });
}

/** Marks everything the user has received until now read. */
export function markAllRead(options: { userId: string }) {
  return transactionWithEvents(db, async (tx) => {
    // Under the channel's lock, every notification whose event came before
    // ours is visible to the update and none after it is, so "all read up to
    // this event" means the same on the client as in the database.
    await lockChannel(tx, channels.user(options.userId));
    const readAt = new Date();
    const { count } = await tx.notification.updateMany({
      where: { recipientId: options.userId, readAt: null },
      data: { readAt },
    });
    if (count === 0) return { marked: 0, unreadCount: await countUnread(tx, options.userId) };
    let unreadCount = 0;
    await appendEvent(tx, channels.user(options.userId), "notification.all-read", async () => {
      unreadCount = await countUnread(tx, options.userId);
      return { readAt: readAt.toISOString(), unreadCount };
    });
    return { marked: count, unreadCount };
  });
}
