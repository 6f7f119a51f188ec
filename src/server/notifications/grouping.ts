// Similar notifications collect under one inbox entry ("Alice and 3 others
// commented on your post") instead of piling up. The entry (the lead) is
// what the inbox lists and the badge counts; the single items are its
// children, listed by `groupItems`.
import "server-only";
import type { Actor } from "../actor";
import { db, type Db, type Tx } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { lockChannel } from "../realtime/outbox";
import type { NotifyInput } from "./notify";
import { notificationSelect, toNotificationView } from "./notification-view";

/** Names kept on an entry ("Alice and 99 others" at most). */
const MAX_ACTORS = 100;

/**
 * Adds the notification to the person's unread entry with the same key and
 * returns the entry, or returns null when there is none (the caller then
 * starts one).
 */
export async function addToGroup(tx: Tx, input: NotifyInput, group: NonNullable<NotifyInput["group"]>) {
  // One writer per person at a time: two comments at once must not both
  // start a new entry. notify() appends to this channel anyway, so the lock
  // is one it would take.
  await lockChannel(tx, channels.user(input.recipientId));
  // A snoozed entry counts too: like a snoozed mail thread, a new item
  // brings it back now (rather than starting a second entry for the same
  // thing beside the one that will come back later).
  const lead = await tx.notification.findFirst({
    where: { recipientId: input.recipientId, groupKey: group.key, parentId: null, readAt: null },
    orderBy: { createdAt: "desc" },
  });
  if (!lead) return null;
  const now = new Date();
  if (lead.groupCount === 1) {
    // The first item lived in the lead itself; keep it as a child so every
    // single item stays reachable once the lead is retitled.
    await tx.notification.create({
      data: {
        recipientId: lead.recipientId,
        senderId: lead.senderId,
        type: lead.type,
        title: lead.title,
        body: lead.body,
        link: lead.link,
        createdAt: lead.createdAt,
        groupKey: lead.groupKey,
        parentId: lead.id,
        subjectKind: lead.subjectKind,
        subjectId: lead.subjectId,
      },
    });
  }
  await tx.notification.create({
    data: {
      recipientId: input.recipientId,
      senderId: input.senderId ?? null,
      type: input.type,
      title: input.title,
      body: input.body ?? "",
      link: input.link ?? null,
      createdAt: now,
      groupKey: group.key,
      parentId: lead.id,
      subjectKind: input.subject?.kind ?? null,
      subjectId: input.subject?.id ?? null,
    },
  });
  const actors = [group.actor, ...lead.groupActors.filter((name) => name !== group.actor)].slice(0, MAX_ACTORS);
  const count = lead.groupCount + 1;
  const updated = await tx.notification.update({
    where: { id: lead.id },
    data: {
      groupCount: count,
      groupActors: actors,
      title: group.summary(actors, count),
      body: input.body ?? "",
      senderId: input.senderId ?? null,
      // The entry moves to the top of the inbox, as a new one would.
      createdAt: now,
      snoozedUntil: null,
      // Archived, it comes back to the inbox too: the thing it is about moved.
      archivedAt: null,
    },
    select: notificationSelect,
  });
  return toNotificationView(updated);
}

/** "Alice", "Alice and Bob", "Alice and 3 others". */
export function peopleSummary(actors: string[]): string {
  if (actors.length <= 1) return actors[0] ?? "Someone";
  if (actors.length === 2) return `${actors[0]} and ${actors[1]}`;
  return `${actors[0]} and ${actors.length - 1} others`;
}

/** The single items of an entry, newest first (the entry itself when not grouped). */
export async function groupItems(options: { actor: Actor; id: string; tx?: Db | Tx }) {
  const client = options.tx ?? db;
  const lead = await client.notification.findFirst({
    where: { id: options.id, recipientId: options.actor.id },
    select: { ...notificationSelect, parentId: true },
  });
  if (!lead) throw new AppError("NOT_FOUND", "That notification does not exist.");
  if (lead.groupCount === 1) return [toNotificationView(lead)];
  const children = await client.notification.findMany({
    where: { parentId: lead.id, recipientId: options.actor.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: notificationSelect,
  });
  return children.map(toNotificationView);
}
