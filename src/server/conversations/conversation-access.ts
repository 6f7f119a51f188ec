// Who may see a conversation: its participants, nobody else (admins
// included). To others it is "not found", so its existence does not leak.
import "server-only";
import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";

const CONVERSATION_NOT_FOUND = "That conversation does not exist, or you are not in it.";

export async function isParticipant(client: Tx | typeof db, userId: string, conversationId: string): Promise<boolean> {
  const row = await client.conversationParticipant.findUnique({
    where: { conversationId_userId: { conversationId, userId } },
    select: { userId: true },
  });
  return row !== null;
}

/** Refuses with NOT_FOUND unless `userId` takes part in the conversation. */
export async function requireParticipant(client: Tx | typeof db, userId: string, conversationId: string): Promise<void> {
  if (!(await isParticipant(client, userId, conversationId))) throw new AppError("NOT_FOUND", CONVERSATION_NOT_FOUND);
}

/** Whether the actor takes part in the conversation: the conversation page's check. */
export function canAccessConversation(options: { actor: Actor; conversationId: string }): Promise<boolean> {
  return isParticipant(db, options.actor.id, options.conversationId);
}
