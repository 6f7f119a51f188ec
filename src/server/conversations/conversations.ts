// Direct conversations: started by anyone with one person or a small group,
// seen only by their participants.
import "server-only";
import { CONVERSATION_PARTICIPANTS_MAX } from "@/lib/validation/conversations";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError, isUniqueViolation } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { channelHead } from "../realtime/outbox";
import { requireParticipant } from "./conversation-access";
import { conversationMessageSelect, conversationTitle, toConversationMessageView, type ChatSummary, type Person } from "./conversation-view";
import { olderThan } from "../rooms/room-view";
import { lastMessageOfRow, type LastMessageRow } from "../chat/chat-activity";

const NOBODY = "Nobody has that account (it may have been deleted).";

/**
 * Starts a conversation of the actor with `participantIds`, or opens the one
 * they already have with that one person (one-to-one conversations are
 * unique per pair; groups are new each time).
 */
export async function startConversation(options: { actor: Actor; participantIds: string[] }) {
  const others = [...new Set(options.participantIds)].filter((id) => id !== options.actor.id);
  if (others.length === 0) throw new AppError("BAD_REQUEST", "Choose someone other than yourself.", { participantIds: ["Choose someone other than yourself"] });
  if (others.length + 1 > CONVERSATION_PARTICIPANTS_MAX) {
    throw new AppError("BAD_REQUEST", `A conversation holds at most ${CONVERSATION_PARTICIPANTS_MAX} people.`);
  }
  const found = await db.user.count({ where: { id: { in: others } } });
  if (found !== others.length) throw new AppError("NOT_FOUND", NOBODY, { participantIds: [NOBODY] });
  const everyone = [options.actor.id, ...others];
  const pairKey = others.length === 1 ? [...everyone].sort().join(":") : null;
  if (pairKey) {
    const existing = await db.conversation.findUnique({ where: { pairKey }, select: { id: true } });
    if (existing) return { id: existing.id, created: false };
  }
  try {
    const row = await db.conversation.create({
      data: { pairKey, participants: { create: everyone.map((userId) => ({ userId })) } },
      select: { id: true },
    });
    return { id: row.id, created: true };
  } catch (error) {
    // Both people started it at the same moment: the other start won, open theirs.
    if (pairKey && isUniqueViolation(error)) {
      const existing = await db.conversation.findUniqueOrThrow({ where: { pairKey }, select: { id: true } });
      return { id: existing.id, created: false };
    }
    throw error;
  }
}

const LATEST_CONVERSATION_MESSAGES = 30;

const participantsSelect = { select: { user: { select: { id: true, name: true } } }, orderBy: { joinedAt: "asc" } } as const;

/**
 * Everything a conversation's page shows, with the conversation channel's
 * newest event id from the same snapshot (the page applies the events after it).
 */
export function openConversation(options: { actor: Actor; conversationId: string }) {
  return db.$transaction(
    async (tx) => {
      const head = await channelHead(tx, channels.conversation(options.conversationId));
      await requireParticipant(tx, options.actor.id, options.conversationId);
      const conversation = await tx.conversation.findUniqueOrThrow({
        where: { id: options.conversationId },
        select: {
          id: true,
          createdAt: true,
          participants: {
            ...participantsSelect,
            select: { user: { select: { id: true, name: true } }, lastReadMessageId: true },
          },
        },
      });
      const rows = await tx.conversationMessage.findMany({
        where: { conversationId: conversation.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: LATEST_CONVERSATION_MESSAGES + 1,
        select: conversationMessageSelect,
      });
      const participants: Person[] = conversation.participants.map((p) => p.user);
      return {
        conversation: {
          id: conversation.id,
          title: conversationTitle(participants, options.actor.id),
          participants,
          createdAt: conversation.createdAt.toISOString(),
        },
        messages: rows.slice(0, LATEST_CONVERSATION_MESSAGES).reverse().map(toConversationMessageView),
        hasOlder: rows.length > LATEST_CONVERSATION_MESSAGES,
        // Read receipts: how far each participant has read.
        reads: conversation.participants
          .filter((p) => p.lastReadMessageId !== null)
          .map((p) => ({ reader: p.user, messageId: p.lastReadMessageId! })),
        head,
      };
    },
    { isolationLevel: "RepeatableRead" },
  );
}

/** A page of messages, oldest first: the newest without `cursor`, else those older than it (keyset on createdAt, id). */
export async function conversationMessages(options: { actor: Actor; conversationId: string; cursor?: string; limit: number }) {
  await requireParticipant(db, options.actor.id, options.conversationId);
  let before = {};
  if (options.cursor) {
    const after = await db.conversationMessage.findFirst({
      where: { id: options.cursor, conversationId: options.conversationId },
      select: { createdAt: true, id: true },
    });
    if (!after) throw new AppError("BAD_REQUEST", "That part of the conversation no longer exists; reload it.");
    before = olderThan(after);
  }
  const rows = await db.conversationMessage.findMany({
    where: { conversationId: options.conversationId, ...before },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    select: conversationMessageSelect,
  });
  return {
    messages: rows.slice(0, options.limit).reverse().map(toConversationMessageView),
    hasOlder: rows.length > options.limit,
  };
}

/**
 * The person's conversations, newest activity first, with unread counts
 * (capped at 100) and their newest message: one statement for the list (the
 * newest message by the index, not every message), one for who is in them.
 */
export async function listConversations(options: { actor: Actor }): Promise<ChatSummary[]> {
  const rows = await db.$queryRaw<(LastMessageRow & { id: string; lastMessageAt: Date; unread: number })[]>`
    SELECT c.id, c."lastMessageAt", lm.id AS "lastId", lm.body AS "lastBody", lm."createdAt" AS "lastAt",
      a.id AS "authorId", a.name AS "authorName",
      (SELECT count(*)::int FROM (SELECT 1 FROM "ConversationMessage" m
        WHERE m."conversationId" = c.id AND m."authorId" <> ${options.actor.id}
          AND (p."lastReadAt" IS NULL OR (m."createdAt", m.id) > (p."lastReadAt", p."lastReadMessageId"))
        LIMIT 100) x) AS unread
    FROM "ConversationParticipant" p
    JOIN "Conversation" c ON c.id = p."conversationId"
    LEFT JOIN LATERAL (SELECT m.id, m.body, m."createdAt", m."authorId" FROM "ConversationMessage" m
      WHERE m."conversationId" = c.id ORDER BY m."createdAt" DESC, m.id DESC LIMIT 1) lm ON true
    LEFT JOIN "User" a ON a.id = lm."authorId"
    WHERE p."userId" = ${options.actor.id}
    ORDER BY c."lastMessageAt" DESC, c.id DESC
    LIMIT 200`;
  if (rows.length === 0) return [];
  const members = await db.conversationParticipant.findMany({
    where: { conversationId: { in: rows.map((r) => r.id) } },
    orderBy: { joinedAt: "asc" },
    select: { conversationId: true, user: { select: { id: true, name: true } } },
  });
  const participantsOf = new Map<string, Person[]>();
  for (const m of members) participantsOf.set(m.conversationId, [...(participantsOf.get(m.conversationId) ?? []), m.user]);
  return rows.map((c): ChatSummary => {
    const participants = participantsOf.get(c.id) ?? [];
    return {
      kind: "conversation",
      id: c.id,
      title: conversationTitle(participants, options.actor.id),
      participants,
      unread: c.unread,
      lastMessage: lastMessageOfRow(c),
      activityAt: c.lastMessageAt.toISOString(),
    };
  });
}

/** Names of people, for a conversation being started from a link (?to=<id>). */
export async function findPeople(options: { ids: string[] }) {
  return db.user.findMany({ where: { id: { in: options.ids } }, select: { id: true, name: true } });
}
