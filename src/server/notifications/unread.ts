import { db, type Db, type Tx } from "../db";
import { copyBroadcasts } from "../broadcasts/copy-broadcasts";

/**
 * What the inbox counts: unread entries the person can see (not the single
 * items inside a group, not snoozed ones), so the badge equals the inbox.
 */
export const countedWhere = (userId: string) => ({
  recipientId: userId,
  readAt: null,
  parentId: null,
  snoozedUntil: null,
});

export function countUnread(client: Db | Tx, userId: string): Promise<number> {
  return client.notification.count({ where: countedWhere(userId) });
}

/**
 * The unread count with every broadcast sent so far copied in first, and the
 * broadcast watermark it includes: what each user-channel event carries.
 */
export async function unreadState(tx: Tx, userId: string): Promise<{ unreadCount: number; broadcastSeq: number }> {
  const broadcastSeq = await copyBroadcasts(tx, userId);
  return { unreadCount: await countUnread(tx, userId), broadcastSeq };
}

/** The badge's number for a reader (REST, the unread-count query): broadcasts copied first. */
export async function currentUnreadCount(userId: string): Promise<number> {
  return (await db.$transaction((tx) => unreadState(tx, userId))).unreadCount;
}
