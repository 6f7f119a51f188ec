// What a person does to their own inbox entries, one or many at once (the
// inbox's selection, REST): mark read or unread, archive, bring back from
// the Archive, delete. Each is one transaction under the person's channel
// lock, as every inbox writer takes it: the rows change, the inbox_unread
// triggers move the badge's counter, and one event tells every tab which
// entries changed and the count they leave.
//
// Ids are the person's inbox entries (a group's lead, not its single items;
// a broadcast's 'bc_<broadcast>_<person>' copy even before the copy is made:
// broadcasts sent so far are copied first, as mark-read does). Ids of
// someone else's notifications, single items or unknown ids are skipped, so
// a selection that raced with another tab's delete still does the rest.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "../actor";
import { copyBroadcasts } from "./copy-broadcasts";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { lockChannel, transactionWithEvents } from "../realtime/outbox";
import { appendInboxEvent, countUnread } from "./unread";

type Options = { actor: Actor; ids: string[] };
type Result = { changed: number; unreadCount: number };

/** Locks the person's channel, copies pending broadcasts, and finds which ids are the person's entries. */
async function ownEntries(tx: Tx, options: Options, where: Prisma.NotificationWhereInput = {}): Promise<string[]> {
  await lockChannel(tx, channels.user(options.actor.id));
  await copyBroadcasts(tx, options.actor.id);
  const rows = await tx.notification.findMany({
    where: { id: { in: options.ids }, recipientId: options.actor.id, parentId: null, ...where },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/**
 * Runs one change on the entries that need it; no event when none did. A
 * single id that is not the person's entry at all is "not found" (as for
 * mark read): one's own mistake, or someone else's notification.
 */
async function change(
  options: Options,
  needsIt: Prisma.NotificationWhereInput,
  apply: (tx: Tx, ids: string[]) => Promise<{ unreadCount: number }>,
): Promise<Result> {
  return transactionWithEvents(db, async (tx) => {
    const ids = await ownEntries(tx, options, needsIt);
    if (ids.length === 0) {
      if (options.ids.length === 1) {
        const exists = await tx.notification.count({
          where: { id: options.ids[0], recipientId: options.actor.id, parentId: null },
        });
        if (!exists) throw new AppError("NOT_FOUND", "That notification does not exist.");
      }
      return { changed: 0, unreadCount: await countUnread(tx, options.actor.id) };
    }
    const { unreadCount } = await apply(tx, ids);
    return { changed: ids.length, unreadCount };
  });
}

export function markManyRead(options: Options): Promise<Result> {
  return change(options, { readAt: null }, async (tx, ids) => {
    const readAt = new Date();
    await tx.notification.updateMany({ where: { id: { in: ids } }, data: { readAt } });
    // Reading a group's entry reads its single items too.
    await tx.notification.updateMany({ where: { parentId: { in: ids }, readAt: null }, data: { readAt } });
    return appendInboxEvent(tx, options.actor.id, "notification.read", { ids, readAt: readAt.toISOString() });
  });
}

export function markUnread(options: Options): Promise<Result> {
  return change(options, { readAt: { not: null } }, async (tx, ids) => {
    // The entry only: its single items stay as read (they are never counted).
    await tx.notification.updateMany({ where: { id: { in: ids } }, data: { readAt: null } });
    return appendInboxEvent(tx, options.actor.id, "notification.unread", { ids });
  });
}

export function archive(options: Options): Promise<Result> {
  return change(options, { archivedAt: null }, async (tx, ids) => {
    const archivedAt = new Date();
    await tx.notification.updateMany({ where: { id: { in: ids } }, data: { archivedAt } });
    return appendInboxEvent(tx, options.actor.id, "notification.archived", {
      ids,
      archivedAt: archivedAt.toISOString(),
    });
  });
}

export function unarchive(options: Options): Promise<Result> {
  return change(options, { archivedAt: { not: null } }, async (tx, ids) => {
    await tx.notification.updateMany({ where: { id: { in: ids } }, data: { archivedAt: null } });
    return appendInboxEvent(tx, options.actor.id, "notification.unarchived", { ids });
  });
}

/**
 * Deletes entries for good (a group's single items go with their entry, by
 * the foreign key's cascade). A deleted broadcast copy stays deleted: the
 * person's broadcast watermark is past it, so it is never copied again.
 */
export function deleteNotifications(options: Options): Promise<Result> {
  return change(options, {}, async (tx, ids) => {
    await tx.notification.deleteMany({ where: { id: { in: ids } } });
    return appendInboxEvent(tx, options.actor.id, "notification.deleted", { ids });
  });
}
