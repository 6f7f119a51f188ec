import "server-only";
import { z } from "zod";
import {
  addAgendaItemInput,
  agendaItemIdInput,
  createRoomInput,
  editMessageInput,
  memberInput,
  messageIdInput,
  moveAgendaItemInput,
  olderMessagesInput,
  removeMemberInput,
  roomIdInput,
  sendMessageInput,
  updateAgendaItemInput,
} from "@/lib/validation/rooms";
import { restErrors, roomSummaryOutput, sentMessageOutput } from "@/lib/validation/api-outputs";
import { addAgendaItem, deleteAgendaItem, moveAgendaItem, updateAgendaItem } from "../../rooms/agenda";
import { deleteMessage, editMessage, olderMessages, sendMessage } from "../../rooms/messages";
import { roomNotificationSettingInput } from "@/lib/rooms/room-notifications";
import { roomNotificationSetting, setRoomNotificationSetting } from "../../rooms/room-notifications";
import { addMember, createRoom, listMembers, listRooms, openRoom, removeMember } from "../../rooms/rooms";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const roomsRouter = createTRPCRouter({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/rooms", tags: ["rooms"], summary: "Rooms you can open", protect: true, errorResponses: restErrors } })
    .output(z.array(roomSummaryOutput))
    .query(({ ctx }) => listRooms({ actor: ctx.user })),

  create: authedProcedure
    .input(createRoomInput)
    .mutation(({ ctx, input }) => createRoom({ actor: ctx.user, ...input })),

  open: authedProcedure.input(roomIdInput).query(({ ctx, input }) => openRoom({ actor: ctx.user, ...input })),

  olderMessages: authedProcedure
    .input(olderMessagesInput)
    .query(({ ctx, input }) => olderMessages({ actor: ctx.user, ...input })),

  send: authedProcedure
    .meta({ openapi: { method: "POST", path: "/rooms/{roomId}/messages", tags: ["rooms"], summary: "Send a chat message to a room (rate limited: 429 with Retry-After)", protect: true, errorResponses: restErrors } })
    .input(sendMessageInput)
    .output(sentMessageOutput)
    .mutation(({ ctx, input }) => sendMessage({ actor: ctx.user, ...input })),

  editMessage: authedProcedure
    .input(editMessageInput)
    .mutation(({ ctx, input }) => editMessage({ actor: ctx.user, ...input })),

  deleteMessage: authedProcedure
    .input(messageIdInput)
    .mutation(({ ctx, input }) => deleteMessage({ actor: ctx.user, ...input })),

  members: authedProcedure.input(roomIdInput).query(({ ctx, input }) => listMembers({ actor: ctx.user, ...input })),

  addMember: authedProcedure
    .input(memberInput)
    .mutation(({ ctx, input }) => addMember({ actor: ctx.user, ...input })),

  removeMember: authedProcedure
    .input(removeMemberInput)
    .mutation(({ ctx, input }) => removeMember({ actor: ctx.user, roomId: input.roomId, memberId: input.userId })),

  addAgendaItem: authedProcedure
    .input(addAgendaItemInput)
    .mutation(({ ctx, input }) => addAgendaItem({ actor: ctx.user, ...input })),

  updateAgendaItem: authedProcedure
    .input(updateAgendaItemInput)
    .mutation(({ ctx, input }) => updateAgendaItem({ actor: ctx.user, ...input })),

  deleteAgendaItem: authedProcedure
    .input(agendaItemIdInput)
    .mutation(({ ctx, input }) => deleteAgendaItem({ actor: ctx.user, ...input })),

  moveAgendaItem: authedProcedure
    .input(moveAgendaItemInput)
    .mutation(({ ctx, input }) => moveAgendaItem({ actor: ctx.user, ...input })),

  /** Which of the room's messages notify the caller while they are not in it. */
  notificationSetting: authedProcedure
    .input(roomIdInput)
    .query(({ ctx, input }) => roomNotificationSetting({ actor: ctx.user, ...input })),

  setNotificationSetting: authedProcedure
    .input(roomNotificationSettingInput)
    .mutation(({ ctx, input }) => setRoomNotificationSetting({ actor: ctx.user, ...input })),
});
