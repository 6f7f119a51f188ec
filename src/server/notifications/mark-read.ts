import { db } from "../db";
import { AppError } from "../errors";
import { channels } from "../realtime/channels";
import { appendEvent, lockChannel, transactionWithEvents } from "../realtime/outbox";
import { unreadState } from "./unread";

/** Marks one of the user's notifications read; reading it again changes nothing. */
export function markRead(options: { userId: string; id: string }) {
  return transactionWithEvents(db, async (tx) => {
    const readAt = new Date();
    // A broadcast's copy may not exist yet (copies are made on reading).
    // The channel's lock first, as every writer to it takes it before the
    // person's row (copy-broadcasts.ts).
    await lockChannel(tx, channels.user(options.userId));
    const before = await unreadState(tx, options.userId);
    const { count } = await tx.notification.updateMany({
      where: { id: options.id, recipientId: options.userId, readAt: null },
      data: { readAt },
    });
    if (count === 0) {
      const exists = await tx.notification.count({ where: { id: options.id, recipientId: options.userId } });
      // Someone else's notification is "not found" too: its existence is not ours to learn.
      if (!exists) throw new AppError("NOT_FOUND", "That notification does not exist.");
      return { unreadCount: before.unreadCount, changed: false };
    }
    // Reading a group's entry reads its single items too.
    await tx.notification.updateMany({ where: { parentId: options.id, readAt: null }, data: { readAt } });
    let unreadCount = 0;
    await appendEvent(tx, channels.user(options.userId), "notification.read", async () => {
      const state = await unreadState(tx, options.userId);
      unreadCount = state.unreadCount;
      return { ids: [options.id], readAt: readAt.toISOString(), ...state };
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
    const before = await unreadState(tx, options.userId);
    const readAt = new Date();
    const { count } = await tx.notification.updateMany({
      where: { recipientId: options.userId, readAt: null },
      data: { readAt },
    });
    if (count === 0) return { marked: 0, unreadCount: before.unreadCount };
    let unreadCount = 0;
    await appendEvent(tx, channels.user(options.userId), "notification.all-read", async () => {
      const state = await unreadState(tx, options.userId);
      unreadCount = state.unreadCount;
      return { readAt: readAt.toISOString(), ...state };
    });
    return { marked: count, unreadCount };
  });
}
