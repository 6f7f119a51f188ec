// How far each person has read a room or a conversation: one position per
// person per room/conversation (the newest message read, by createdAt then
// id), only ever moving forward. It gives the unread counts, clears them in
// the reader's other tabs ("chat.read" on their own channel) and shows as
// read receipts in conversations and small private rooms.
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { ChatKind, ReadPositionView } from "@/lib/events";
import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { markManyRead } from "../notifications/manage-inbox";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";
import { requireRoom } from "../rooms/room-access";
import { requireParticipant } from "./conversation-access";

/** Rooms with read receipts: private ones with at most this many members (public rooms have no member list). */
export const RECEIPTS_MAX_MEMBERS = 20;

const NO_MESSAGE = "That message does not exist (it may have been deleted).";

/** A stored time as SQL (columns hold UTC without a zone), whatever the session's zone. */
function utcTimestamp(at: Date) {
  return Prisma.sql`(${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}

/** Others' messages after a read position, counted up to 100 (the lists show "99+"). */
async function unreadAfter(
  tx: Tx,
  kind: ChatKind,
  options: { id: string; userId: string; at: Prisma.Sql; messageId: string },
): Promise<number> {
  const [table, parent] =
    kind === "room" ? [Prisma.raw('"Message"'), Prisma.raw('"roomId"')] : [Prisma.raw('"ConversationMessage"'), Prisma.raw('"conversationId"')];
  const [{ unread }] = await tx.$queryRaw<[{ unread: number }]>`
    SELECT count(*)::int AS unread FROM (SELECT 1 FROM ${table} m
      WHERE m.${parent} = ${options.id} AND m."authorId" <> ${options.userId}
        AND (m."createdAt", m.id) > (${options.at}, ${options.messageId}) LIMIT 100) x`;
  return unread;
}

/** Whether a room shows read receipts: private, and small. */
async function roomHasReceipts(client: Tx | typeof db, room: { id: string; visibility: "PUBLIC" | "PRIVATE" }) {
  if (room.visibility !== "PRIVATE") return false;
  return (await client.roomMember.count({ where: { roomId: room.id } })) <= RECEIPTS_MAX_MEMBERS;
}

/**
 * Moves the person's read position to `messageId` (if that is further on).
 * `moved` false: they had read that far already, and nothing was sent.
 */
export async function markChatRead(options: { actor: Actor; kind: ChatKind; id: string; messageId: string }) {
  const position = { userId: options.actor.id, id: options.id, messageId: options.messageId };
  const moved = options.kind === "conversation" ? await markConversationRead(position) : await markRoomRead(position);
  if (moved && options.kind === "conversation") {
    // Its inbox entry says what was just read: read too. (After the commit: a
    // separate step of the inbox, which keeps its own counter.)
    const leads = await db.notification.findMany({
      where: { recipientId: options.actor.id, groupKey: `conversation:${options.id}`, parentId: null, readAt: null },
      select: { id: true },
      take: 100,
    });
    if (leads.length > 0) await markManyRead({ actor: options.actor, ids: leads.map((l) => l.id) });
  }
  return { moved };
}

async function markConversationRead(options: { userId: string; id: string; messageId: string }) {
  await requireParticipant(db, options.userId, options.id);
  const message = await db.conversationMessage.findFirst({
    where: { id: options.messageId, conversationId: options.id },
    select: { id: true, createdAt: true },
  });
  if (!message) throw new AppError("NOT_FOUND", NO_MESSAGE);
  const at = utcTimestamp(message.createdAt);
  return transactionWithEvents(db, async (tx) => {
    const count = await tx.$executeRaw`
      UPDATE "ConversationParticipant" SET "lastReadAt" = ${at}, "lastReadMessageId" = ${message.id}
      WHERE "conversationId" = ${options.id} AND "userId" = ${options.userId}
        AND ("lastReadAt" IS NULL OR ("lastReadAt", "lastReadMessageId") < (${at}, ${message.id}))`;
    if (count === 0) return false;
    const reader = await tx.user.findUniqueOrThrow({ where: { id: options.userId }, select: { id: true, name: true } });
    await appendEvent(tx, channels.conversation(options.id), "conversation.read", { reader, messageId: message.id });
    const unread = await unreadAfter(tx, "conversation", { ...options, at, messageId: message.id });
    await appendEvent(tx, channels.user(options.userId), "chat.read", { kind: "conversation", id: options.id, messageId: message.id, unread });
    return true;
  });
}

async function markRoomRead(options: { userId: string; id: string; messageId: string }) {
  const room = await requireRoom(db, options.userId, options.id);
  const message = await db.message.findFirst({
    where: { id: options.messageId, roomId: options.id },
    select: { id: true, createdAt: true },
  });
  if (!message) throw new AppError("NOT_FOUND", NO_MESSAGE);
  const at = utcTimestamp(message.createdAt);
  return transactionWithEvents(db, async (tx) => {
    const moved = await tx.$queryRaw<unknown[]>`
      INSERT INTO "RoomRead" ("roomId", "userId", "lastReadAt", "lastReadMessageId")
      VALUES (${options.id}, ${options.userId}, ${at}, ${message.id})
      ON CONFLICT ("roomId", "userId") DO UPDATE
        SET "lastReadAt" = EXCLUDED."lastReadAt", "lastReadMessageId" = EXCLUDED."lastReadMessageId"
        WHERE ("RoomRead"."lastReadAt", "RoomRead"."lastReadMessageId") < (EXCLUDED."lastReadAt", EXCLUDED."lastReadMessageId")
      RETURNING 1`;
    if (moved.length === 0) return false;
    // The room's channel before the reader's own: the order a message locks them in.
    if (await roomHasReceipts(tx, room)) {
      const reader = await tx.user.findUniqueOrThrow({ where: { id: options.userId }, select: { id: true, name: true } });
      await appendEvent(tx, channels.room(options.id), "room.read", { reader, messageId: message.id });
    }
    const unread = await unreadAfter(tx, "room", { ...options, at, messageId: message.id });
    await appendEvent(tx, channels.user(options.userId), "chat.read", { kind: "room", id: options.id, messageId: message.id, unread });
    return true;
  });
}

/** A room's read receipts: `enabled` false (and none) for public and larger rooms. */
export async function roomReads(options: { actor: Actor; roomId: string }): Promise<{ enabled: boolean; reads: ReadPositionView[] }> {
  const room = await requireRoom(db, options.actor.id, options.roomId);
  if (!(await roomHasReceipts(db, room))) return { enabled: false, reads: [] };
  // Only current members' positions: someone removed no longer reads along.
  const rows = await db.roomRead.findMany({
    where: { roomId: room.id, user: { roomMembers: { some: { roomId: room.id } } } },
    select: { lastReadMessageId: true, user: { select: { id: true, name: true } } },
  });
  return { enabled: true, reads: rows.map((r) => ({ reader: r.user, messageId: r.lastReadMessageId })) };
}

/** How long "I have it open" lasts without being renewed (the page renews it every 20 s). */
const VIEWING_TTL_MS = 45_000;

/** The person has the conversation open (or closed it): while open, its new messages are no notification to them. */
export async function setViewing(options: { actor: Actor; conversationId: string; viewing: boolean }) {
  await requireParticipant(db, options.actor.id, options.conversationId);
  await db.conversationParticipant.update({
    where: { conversationId_userId: { conversationId: options.conversationId, userId: options.actor.id } },
    data: { viewingUntil: options.viewing ? new Date(Date.now() + VIEWING_TTL_MS) : null },
  });
  return { viewing: options.viewing };
}
