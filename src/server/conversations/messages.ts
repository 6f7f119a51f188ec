// Direct messages: persisted, then broadcast on the conversation's channel
// through the outbox, as room messages are. In the same transaction: the
// conversation's order in everyone's list ("chat.activity" on each
// participant's own channel), the author's read position, and a
// notification for each participant who does not have it open.
import "server-only";
import { excerptOf } from "../mentions/notify-mentions";
import { peopleSummary } from "../notifications/grouping";
import { notifyInTransaction } from "../notifications/notify";
import type { Actor } from "../actor";
import { db } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";
import { slidingWindowLimit } from "../sliding-window-limit";
import { announceChatActivity } from "../chat/chat-activity";
import { requireParticipant } from "./conversation-access";
import { conversationMessageSelect, conversationTitle, toConversationMessageView } from "./conversation-view";

// The rooms' limit and window (ROOM_MESSAGE_*), counted per conversation.
const conversationMessages = slidingWindowLimit({
  name: "conversation-msg",
  limitSetting: "ROOM_MESSAGE_LIMIT",
  windowSetting: "ROOM_MESSAGE_WINDOW_SECONDS",
  message: "You are sending messages too fast.",
});

export async function sendConversationMessage(options: { actor: Actor; conversationId: string; body: string }) {
  // Refusals first (not a participant, too fast): nothing is written or broadcast.
  await requireParticipant(db, options.actor.id, options.conversationId);
  await conversationMessages.consume(`${options.conversationId}:${options.actor.id}`);
  return transactionWithEvents(db, async (tx) => {
    const row = await tx.conversationMessage.create({
      data: { conversationId: options.conversationId, authorId: options.actor.id, body: options.body },
      select: conversationMessageSelect,
    });
    const message = toConversationMessageView(row);
    const conversation = await tx.conversation.update({
      where: { id: options.conversationId },
      data: {
        lastMessageAt: row.createdAt,
        // The author has read what they wrote.
        participants: {
          update: {
            where: { conversationId_userId: { conversationId: options.conversationId, userId: options.actor.id } },
            data: { lastReadAt: row.createdAt, lastReadMessageId: row.id },
          },
        },
      },
      // In id order: each person's channel is locked in turn below (activity,
      // notification), and two sends sharing people must lock them in one order.
      select: { participants: { orderBy: { userId: "asc" }, select: { viewingUntil: true, user: { select: { id: true, name: true } } } } },
    });
    const channel = channels.conversation(options.conversationId);
    const eventId = await appendEvent(tx, channel, "conversation.message-created", { message });
    await appendEvent(tx, channel, "conversation.read", { reader: message.author, messageId: message.id });
    const people = conversation.participants.map((p) => p.user);
    const now = Date.now();
    for (const p of conversation.participants) {
      const title = conversationTitle(people, p.user.id);
      await announceChatActivity(tx, { kind: "conversation", id: options.conversationId, title, message, userIds: [p.user.id] });
      if (p.user.id === options.actor.id) continue;
      // Looking at it right now: the message is on their screen already.
      if (p.viewingUntil && p.viewingUntil.getTime() > now) continue;
      await notifyInTransaction(tx, {
        recipientId: p.user.id,
        type: "conversation.message",
        title: people.length > 2 ? `${message.author.name} in ${title}` : `Message from ${message.author.name}`,
        body: excerptOf(message.body),
        link: `/messages/${options.conversationId}`,
        senderId: options.actor.id,
        subject: { kind: "conversation", id: options.conversationId },
        // A conversation's messages collect under one entry while it is unread.
        group: {
          key: `conversation:${options.conversationId}`,
          actor: message.author.name,
          summary: (actors, count) => `${count} new messages from ${peopleSummary(actors)}`,
        },
      });
    }
    return { message, eventId };
  });
}
