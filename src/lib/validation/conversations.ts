// Direct conversations' rules: the browser validates with these as people
// type, the server again on every call. Message bodies follow the rooms' rule.
import { z } from "zod";
import { chatKinds, conversationMessageView } from "../events";
import { MESSAGES_PAGE_MAX, messageBody } from "./rooms";

/** Participants of one conversation, the starter included. */
export const CONVERSATION_PARTICIPANTS_MAX = 10;

const id = z.string().min(1).max(64);

export const startConversationInput = z.object({
  /** The others (the starter is added): one person, or a group. */
  participantIds: z
    .array(id)
    .min(1, "Choose at least one person")
    .max(CONVERSATION_PARTICIPANTS_MAX - 1, `A conversation holds at most ${CONVERSATION_PARTICIPANTS_MAX} people`),
});

export const conversationIdInput = z.object({ conversationId: id });

export const sendConversationMessageInput = z.object({ conversationId: id, body: messageBody });

export const conversationMessagesInput = z.object({
  conversationId: id,
  /** The oldest message the reader has; none: the newest page. */
  cursor: id.optional(),
  limit: z.coerce.number().int().min(1).max(MESSAGES_PAGE_MAX).default(30),
});

export const markChatReadInput = z.object({ kind: z.enum(chatKinds), id, messageId: id });

export const viewingConversationInput = z.object({ conversationId: id, viewing: z.literal([true, false]) });

export const peopleInput = z.object({ ids: z.array(id).min(1).max(CONVERSATION_PARTICIPANTS_MAX) });


// REST answers (trpc-to-openapi needs an output schema per exposed procedure).
const person = z.object({ id: z.string(), name: z.string() });

// The event's schema cuts long text (a transform), which an OpenAPI output cannot describe.
const lastMessageOutput = z.object({ id: z.string(), body: z.string(), author: person, createdAt: z.string() });

export const chatSummaryOutput = z.object({
  kind: z.enum(chatKinds),
  id: z.string(),
  title: z.string(),
  unread: z.number().int().min(0),
  lastMessage: lastMessageOutput.nullable(),
  activityAt: z.string(),
  participants: z.array(person),
});

export const conversationMessagesOutput = z.object({
  messages: z.array(conversationMessageView),
  hasOlder: z.boolean(),
});

export const sentConversationMessageOutput = z.object({ message: conversationMessageView, eventId: z.number().int() });

export const startedConversationOutput = z.object({ id: z.string(), created: z.boolean() });
