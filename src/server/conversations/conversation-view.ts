// The fields of conversations and their messages that leave the server, selected once.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ConversationMessageView } from "@/lib/events";

export const conversationMessageSelect = {
  id: true,
  conversationId: true,
  body: true,
  createdAt: true,
  editedAt: true,
  author: { select: { id: true, name: true } },
} satisfies Prisma.ConversationMessageSelect;

type MessageRow = Prisma.ConversationMessageGetPayload<{ select: typeof conversationMessageSelect }>;

export function toConversationMessageView(row: MessageRow): ConversationMessageView {
  return { ...row, createdAt: row.createdAt.toISOString(), editedAt: row.editedAt?.toISOString() ?? null };
}

export type Person = { id: string; name: string };

/** A conversation's name for one of its participants: the others' names. */
export function conversationTitle(participants: readonly Person[], viewerId: string): string {
  const others = participants
    .filter((p) => p.id !== viewerId)
    .map((p) => p.name)
    .sort((a, b) => a.localeCompare(b));
  return others.length === 0 ? "Just you" : others.join(", ");
}

/** A room or conversation in the lists: what it is, how many unread, its newest message. */
export type { ChatEntry as ChatSummary } from "@/lib/conversations/chat-cache";
