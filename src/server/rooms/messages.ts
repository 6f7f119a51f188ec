// Chat messages: persisted, then broadcast on the room's channel through the
// outbox (the row and its event commit together, and are published once).
import "server-only";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { db } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, lockChannels, transactionWithEvents } from "../realtime/outbox";
import { notifyEach } from "../notifications/fan-out";
import { announceChatActivity, roomActivityAudience } from "../chat/chat-activity";
import { consumeMessageAllowance } from "./message-limiter";
import { everyMessageAudience, roomMessageNotifications } from "./room-notifications";
import { requireRoom } from "./room-access";
import { messageSelect, olderThan, toMessageView } from "./room-view";

export async function sendMessage(options: { actor: Actor; roomId: string; body: string }) {
  // Refusals first (no access, too fast): nothing is written or broadcast.
  const room = await requireRoom(db, options.actor.id, options.roomId);
  await consumeMessageAllowance(options.actor.id, options.roomId);
  // Who hears of every message, read (with who is in the room) before the
  // transaction: room-notifications.ts.
  const audience = await everyMessageAudience({ roomId: room.id, visibility: room.visibility, writerId: options.actor.id });
  return transactionWithEvents(db, async (tx) => {
    // Again inside the transaction: a removal committed meanwhile wins.
    await requireRoom(tx, options.actor.id, options.roomId);
    const row = await tx.message.create({
      data: { roomId: options.roomId, authorId: options.actor.id, body: options.body },
      select: messageSelect,
    });
    const message = toMessageView(row);
    const eventId = await appendEvent(tx, channels.room(options.roomId), "message.created", { message });
    const notifications = await roomMessageNotifications(tx, { room, message, audience });
    // The rooms lists and unread counts of the people who follow the room.
    const activity = await roomActivityAudience(tx, options.roomId, message.author.id);
    // Channel order: the room's, then people's own channels in id order, all
    // of them before either step below writes to some (lockChannels).
    if (notifications.length > 0 && activity) {
      await lockChannels(tx, [...notifications.map((n) => n.recipientId), ...activity.userIds].map(channels.user));
    }
    await notifyEach(tx, notifications);
    if (activity) await announceChatActivity(tx, { kind: "room", id: options.roomId, message, ...activity });
    return { message, eventId };
  });
}

/** The message, if its room is visible to `userId`; NOT_FOUND otherwise. */
async function visibleMessage(userId: string, id: string) {
  const found = await db.message.findUnique({ where: { id }, select: { roomId: true, authorId: true } });
  const refusal = new AppError("NOT_FOUND", "That message does not exist (it may have been deleted).");
  if (!found) throw refusal;
  await requireRoom(db, userId, found.roomId).catch(() => {
    throw refusal;
  });
  return found;
}

export async function editMessage(options: { actor: Actor; id: string; body: string }) {
  const found = await visibleMessage(options.actor.id, options.id);
  if (found.authorId !== options.actor.id) throw new AppError("FORBIDDEN", "You can edit only your own messages.");
  return transactionWithEvents(db, async (tx) => {
    const row = await tx.message.update({
      where: { id: options.id },
      data: { body: options.body, editedAt: new Date() },
      select: messageSelect,
    });
    const message = toMessageView(row);
    await appendEvent(tx, channels.room(found.roomId), "message.updated", { message });
    return message;
  });
}

/** Authors delete their own messages, the room's owner and admins any. */
export async function deleteMessage(options: { actor: Actor; id: string }) {
  const found = await visibleMessage(options.actor.id, options.id);
  const room = await requireRoom(db, options.actor.id, found.roomId);
  if (found.authorId !== options.actor.id && room.ownerId !== options.actor.id && options.actor.role !== "ADMIN") {
    throw new AppError("FORBIDDEN", "You can delete only your own messages.");
  }
  return transactionWithEvents(db, async (tx) => {
    const { count } = await tx.message.deleteMany({ where: { id: options.id } });
    if (count === 0) throw new AppError("NOT_FOUND", "That message does not exist (it may have been deleted).");
    if (found.authorId !== options.actor.id && room.ownerId !== options.actor.id) {
      // Only an admin gets here for someone else's message in someone else's room.
      await recordAudit(tx, {
        actorId: options.actor.id,
        action: "message.deleted",
        target: `a message in ${room.name}`,
        details: { messageId: options.id, roomId: found.roomId, authorId: found.authorId },
      });
    }
    await appendEvent(tx, channels.room(found.roomId), "message.deleted", { id: options.id });
    return { id: options.id };
  });
}

/** Messages older than `cursor` (keyset on createdAt, id), oldest first. */
export async function olderMessages(options: { actor: Actor; roomId: string; cursor: string; limit: number }) {
  await requireRoom(db, options.actor.id, options.roomId);
  const after = await db.message.findFirst({
    where: { id: options.cursor, roomId: options.roomId },
    select: { createdAt: true, id: true },
  });
  if (!after) throw new AppError("BAD_REQUEST", "That part of the conversation no longer exists; reload the room.");
  const rows = await db.message.findMany({
    where: {
      roomId: options.roomId,
      ...olderThan(after),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    select: messageSelect,
  });
  return {
    messages: rows.slice(0, options.limit).reverse().map(toMessageView),
    hasOlder: rows.length > options.limit,
  };
}
