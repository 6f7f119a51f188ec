import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { copyBroadcasts } from "./copy-broadcasts";
import { lockChannel, transactionWithEvents } from "../realtime/outbox";
import { appendInboxEvent, countUnread } from "./unread";

/** Marks one of the user's notifications read; reading it again changes nothing. */
export function markRead(options: { actor: Actor; id: string }) {
  return transactionWithEvents(db, async (tx) => {
    const readAt = new Date();
    // A broadcast's copy may not exist yet (copies are made on reading).
    // The channel's lock first, as every writer to it takes it before the
    // person's row (copy-broadcasts.ts).
    await lockChannel(tx, channels.user(options.actor.id));
    await copyBroadcasts(tx, options.actor.id);
    const { count } = await tx.notification.updateMany({
      where: { id: options.id, recipientId: options.actor.id, readAt: null },
      data: { readAt },
    });
    if (count === 0) {
      const exists = await tx.notification.count({ where: { id: options.id, recipientId: options.actor.id } });
      // Someone else's notification is "not found" too: its existence is not ours to learn.
      if (!exists) throw new AppError("NOT_FOUND", "That notification does not exist.");
      return { unreadCount: await countUnread(tx, options.actor.id), changed: false };
    }
    // Reading a group's entry reads its single items too.
    await tx.notification.updateMany({ where: { parentId: options.id, readAt: null }, data: { readAt } });
    const { unreadCount } = await appendInboxEvent(tx, options.actor.id, "notification.read", {
      ids: [options.id],
      readAt: readAt.toISOString(),
    });
    return { unreadCount, changed: true };
  });
}

/** Marks everything the user has received until now read. */
export function markAllRead(options: { actor: Actor }) {
  return transactionWithEvents(db, async (tx) => {
    // Under the channel's lock, every notification whose event came before
    // ours is visible to the update and none after it is, so "all read up to
    // this event" means the same on the client as in the database.
    await lockChannel(tx, channels.user(options.actor.id));
    await copyBroadcasts(tx, options.actor.id);
    const readAt = new Date();
    const { count } = await tx.notification.updateMany({
      where: { recipientId: options.actor.id, readAt: null },
      data: { readAt },
    });
    if (count === 0) return { marked: 0, unreadCount: await countUnread(tx, options.actor.id) };
    const { unreadCount } = await appendInboxEvent(tx, options.actor.id, "notification.all-read", {
      readAt: readAt.toISOString(),
    });
    return { marked: count, unreadCount };
  });
}
