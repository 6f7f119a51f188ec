import "server-only";
import { z } from "zod";
import { restErrors } from "@/lib/validation/api-outputs";
import {
  chatSummaryOutput,
  conversationIdInput,
  conversationMessagesInput,
  conversationMessagesOutput,
  markChatReadInput,
  peopleInput,
  sendConversationMessageInput,
  sentConversationMessageOutput,
  startConversationInput,
  startedConversationOutput,
  viewingConversationInput,
} from "@/lib/validation/conversations";
import { roomIdInput } from "@/lib/validation/rooms";
import { chatSummary } from "../../conversations/chat-summary";
import {
  conversationMessages,
  findPeople,
  listConversations,
  openConversation,
  startConversation,
} from "../../conversations/conversations";
import { sendConversationMessage } from "../../conversations/messages";
import { markChatRead, roomReads, setViewing } from "../../conversations/read-positions";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const conversationsRouter = createTRPCRouter({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/conversations", tags: ["conversations"], summary: "Your direct conversations, newest activity first, with unread counts", protect: true, errorResponses: restErrors } })
    .output(z.array(chatSummaryOutput))
    .query(({ ctx }) => listConversations({ actor: ctx.user })),

  /** Rooms and conversations with unread counts, for the lists and the header (live through "chat.*" events). */
  summary: authedProcedure.query(({ ctx }) => chatSummary({ actor: ctx.user })),

  start: authedProcedure
    .meta({ openapi: { method: "POST", path: "/conversations", tags: ["conversations"], summary: "Start a conversation with one person (or open the one you have) or a group of up to 10", protect: true, errorResponses: restErrors } })
    .input(startConversationInput)
    .output(startedConversationOutput)
    .mutation(({ ctx, input }) => startConversation({ actor: ctx.user, ...input })),

  open: authedProcedure
    .input(conversationIdInput)
    .query(({ ctx, input }) => openConversation({ actor: ctx.user, ...input })),

  messages: authedProcedure
    .meta({ openapi: { method: "GET", path: "/conversations/{conversationId}/messages", tags: ["conversations"], summary: "A conversation's messages, oldest first: the newest page, or those before `cursor`", protect: true, errorResponses: restErrors } })
    .input(conversationMessagesInput)
    .output(conversationMessagesOutput)
    .query(({ ctx, input }) => conversationMessages({ actor: ctx.user, ...input })),

  send: authedProcedure
    .meta({ openapi: { method: "POST", path: "/conversations/{conversationId}/messages", tags: ["conversations"], summary: "Send a direct message (rate limited: 429 with Retry-After)", protect: true, errorResponses: restErrors } })
    .input(sendConversationMessageInput)
    .output(sentConversationMessageOutput)
    .mutation(({ ctx, input }) => sendConversationMessage({ actor: ctx.user, ...input })),

  /** Read up to a message, in a room or a conversation. */
  markRead: authedProcedure
    .input(markChatReadInput)
    .mutation(({ ctx, input }) => markChatRead({ actor: ctx.user, ...input })),

  viewing: authedProcedure
    .input(viewingConversationInput)
    .mutation(({ ctx, input }) => setViewing({ actor: ctx.user, ...input })),

  /** A small private room's read receipts. */
  roomReads: authedProcedure.input(roomIdInput).query(({ ctx, input }) => roomReads({ actor: ctx.user, ...input })),

  people: authedProcedure.input(peopleInput).query(({ input }) => findPeople(input)),
});
