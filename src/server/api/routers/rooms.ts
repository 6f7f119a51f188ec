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
    .query(({ ctx }) => listRooms({ userId: ctx.user.id })),

  create: authedProcedure
    .input(createRoomInput)
    .mutation(({ ctx, input }) => createRoom({ userId: ctx.user.id, ...input })),

  open: authedProcedure.input(roomIdInput).query(({ ctx, input }) => openRoom({ userId: ctx.user.id, ...input })),

  olderMessages: authedProcedure
    .input(olderMessagesInput)
    .query(({ ctx, input }) => olderMessages({ userId: ctx.user.id, ...input })),

  send: authedProcedure
    .meta({ openapi: { method: "POST", path: "/rooms/{roomId}/messages", tags: ["rooms"], summary: "Send a chat message to a room (rate limited: 429 with Retry-After)", protect: true, errorResponses: restErrors } })
    .input(sendMessageInput)
    .output(sentMessageOutput)
    .mutation(({ ctx, input }) => sendMessage({ userId: ctx.user.id, ...input })),

  editMessage: authedProcedure
    .input(editMessageInput)
    .mutation(({ ctx, input }) => editMessage({ userId: ctx.user.id, ...input })),

  deleteMessage: authedProcedure
    .input(messageIdInput)
    .mutation(({ ctx, input }) => deleteMessage({ userId: ctx.user.id, role: ctx.user.role, id: input.id })),

  members: authedProcedure.input(roomIdInput).query(({ ctx, input }) => listMembers({ userId: ctx.user.id, ...input })),

  addMember: authedProcedure
    .input(memberInput)
    .mutation(({ ctx, input }) => addMember({ userId: ctx.user.id, ...input })),

  removeMember: authedProcedure
    .input(removeMemberInput)
    .mutation(({ ctx, input }) =>
      removeMember({ userId: ctx.user.id, roomId: input.roomId, memberId: input.userId }),
    ),

  addAgendaItem: authedProcedure
    .input(addAgendaItemInput)
    .mutation(({ ctx, input }) => addAgendaItem({ userId: ctx.user.id, ...input })),

  updateAgendaItem: authedProcedure
    .input(updateAgendaItemInput)
    .mutation(({ ctx, input }) => updateAgendaItem({ userId: ctx.user.id, ...input })),

  deleteAgendaItem: authedProcedure
    .input(agendaItemIdInput)
    .mutation(({ ctx, input }) => deleteAgendaItem({ userId: ctx.user.id, ...input })),

  moveAgendaItem: authedProcedure
    .input(moveAgendaItemInput)
    .mutation(({ ctx, input }) => moveAgendaItem({ userId: ctx.user.id, ...input })),

  /** Which of the room's messages notify the caller while they are not in it. */
  notificationSetting: authedProcedure
    .input(roomIdInput)
    .query(({ ctx, input }) => roomNotificationSetting({ userId: ctx.user.id, ...input })),

  setNotificationSetting: authedProcedure
    .input(roomNotificationSettingInput)
    .mutation(({ ctx, input }) => setRoomNotificationSetting({ userId: ctx.user.id, ...input })),
});
