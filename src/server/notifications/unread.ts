import "server-only";
import type { EventData } from "@/lib/events";
import type { Actor } from "../actor";
import { copyBroadcasts } from "./copy-broadcasts";
import { db, sqlRunner, type Db, type SqlRunner, type Tx } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { appendEventSql, lockChannel } from "../realtime/outbox";

/** What the inbox lists: the person's entries, not the single items inside a group, not snoozed, not archived. */
export const inboxEntriesWhere = (userId: string) => ({
  recipientId: userId,
  parentId: null,
  snoozedUntil: null,
  archivedAt: null,
});

/** What the Archive view lists: the person's archived entries (a snoozed one waits for its time first). */
export const archivedEntriesWhere = (userId: string) => ({
  recipientId: userId,
  parentId: null,
  snoozedUntil: null,
  archivedAt: { not: null },
});

/**
 * What the badge counts: the unread ones among those same entries, so it
 * equals the inbox. The inbox_unread triggers keep this count in the
 * person's channel row with the same predicate; countUnreadRows is the
 * count itself, for checking the two agree.
 */
const countedWhere = (userId: string) => ({ ...inboxEntriesWhere(userId), readAt: null });

export function countUnreadRows(client: Db | Tx, userId: string): Promise<number> {
  return client.notification.count({ where: countedWhere(userId) });
}

/** The badge's number as the person's channel row keeps it, in the caller's snapshot. */
export async function countUnread(client: Db | Tx, userId: string): Promise<number> {
  const row = await client.channelSequence.findUnique({ where: { channel: channels.user(userId) }, select: { unread: true } });
  return row?.unread ?? 0;
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
export async function currentUnreadCount(options: { actor: Actor }): Promise<number> {
  return (await db.$transaction((tx) => unreadState(tx, options.actor.id))).unreadCount;
}

type InboxEventType =
  | "notification.created"
  | "notification.updated"
  | "notification.changed"
  | "notification.read"
  | "notification.all-read"
  | "notification.snoozed"
  | "notification.unread"
  | "notification.archived"
  | "notification.unarchived"
  | "notification.deleted";

type InboxEventData<T extends InboxEventType> = Omit<EventData<T>, "unreadCount" | "broadcastSeq">;

/**
 * Appends an inbox event to the person's channel with the state it leaves:
 * the unread count, read under the channel's lock, and the broadcast
 * watermark that count includes (every broadcast sent so far is copied
 * first). Returns that state.
 */
export async function appendInboxEvent<T extends InboxEventType>(
  tx: Tx,
  userId: string,
  type: T,
  data: InboxEventData<T>,
): Promise<{ unreadCount: number; broadcastSeq: number }> {
  await lockChannel(tx, channels.user(userId));
  await copyBroadcasts(tx, userId);
  return appendInboxEventWith(sqlRunner(tx), userId, type, data);
}

/**
 * The same on any transaction (the notification fast path's `pg` one) that
 * already holds the person's channel lock and has nothing to copy.
 */
export async function appendInboxEventWith<T extends InboxEventType>(
  run: SqlRunner,
  userId: string,
  type: T,
  data: InboxEventData<T>,
): Promise<{ unreadCount: number; broadcastSeq: number }> {
  // Placeholders, for the catalogue's check: the statement puts in the
  // state it reads under the channel's lock.
  const withState = { ...data, unreadCount: 0, broadcastSeq: 0 } as unknown as EventData<T>;
  const [row] = await run<{ unreadCount: number; broadcastSeq: number }>(
    appendEventSql(channels.user(userId), type, withState, { inbox: true }),
  );
  return { unreadCount: row!.unreadCount, broadcastSeq: row!.broadcastSeq };
}
