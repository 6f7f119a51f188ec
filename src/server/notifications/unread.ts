import type { EventData } from "@/lib/events";
import { copyBroadcasts } from "../broadcasts/copy-broadcasts";
import { db, type Db, type Tx } from "../db";
import { channels } from "../realtime/channels";
import { appendEvent } from "../realtime/outbox";

/** What the inbox lists: the person's entries, not the single items inside a group, not snoozed ones. */
export const inboxEntriesWhere = (userId: string) => ({
  recipientId: userId,
  parentId: null,
  snoozedUntil: null,
});

/** What the badge counts: the unread ones among those same entries, so it equals the inbox. */
const countedWhere = (userId: string) => ({ ...inboxEntriesWhere(userId), readAt: null });

export function countUnread(client: Db | Tx, userId: string): Promise<number> {
  return client.notification.count({ where: countedWhere(userId) });
}

/**
 * The unread count with every broadcast sent so far copied in first, and the
 * broadcast watermark it includes: what each user-channel event carries.
 */
async function unreadState(tx: Tx, userId: string): Promise<{ unreadCount: number; broadcastSeq: number }> {
  const broadcastSeq = await copyBroadcasts(tx, userId);
  return { unreadCount: await countUnread(tx, userId), broadcastSeq };
}

/** The badge's number for a reader (REST, the unread-count query): broadcasts copied first. */
export async function currentUnreadCount(userId: string): Promise<number> {
  return (await db.$transaction((tx) => unreadState(tx, userId))).unreadCount;
}

type InboxEventType =
  | "notification.created"
  | "notification.updated"
  | "notification.read"
  | "notification.all-read"
  | "notification.snoozed";

/**
 * Appends an inbox event to the person's channel with the state it leaves:
 * the unread count, read under the channel's lock, and the broadcast
 * watermark that count includes. Returns that state.
 */
export async function appendInboxEvent<T extends InboxEventType>(
  tx: Tx,
  userId: string,
  type: T,
  data: Omit<EventData<T>, "unreadCount" | "broadcastSeq">,
): Promise<{ unreadCount: number; broadcastSeq: number }> {
  let state = { unreadCount: 0, broadcastSeq: 0 };
  await appendEvent(tx, channels.user(userId), type, async () => {
    state = await unreadState(tx, userId);
    return { ...data, ...state } as EventData<T>;
  });
  return state;
}
