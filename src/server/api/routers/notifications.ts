import {
  listNotificationsInput,
  markReadInput,
  sendNotificationInput,
} from "@/lib/validation/notifications";
import { inboxSummary, listNotifications } from "../../notifications/list-notifications";
import { markAllRead, markRead } from "../../notifications/mark-read";
import { sendAdminNotification } from "../../notifications/send-admin-notification";
import { countUnread } from "../../notifications/unread";
import { db } from "../../db";
import { adminProcedure, authedProcedure, createTRPCRouter } from "../trpc";

export const notificationsRouter = createTRPCRouter({
  list: authedProcedure
    .input(listNotificationsInput)
    .query(({ ctx, input }) => listNotifications({ userId: ctx.user.id, ...input })),

  unreadCount: authedProcedure.query(({ ctx }) => countUnread(db, ctx.user.id)),

  summary: authedProcedure.query(({ ctx }) => inboxSummary({ userId: ctx.user.id })),

  markRead: authedProcedure
    .input(markReadInput)
    .mutation(({ ctx, input }) => markRead({ userId: ctx.user.id, id: input.id })),

  markAllRead: authedProcedure.mutation(({ ctx }) => markAllRead({ userId: ctx.user.id })),

  send: adminProcedure
    .input(sendNotificationInput)
    .mutation(({ ctx, input }) =>
      sendAdminNotification({ adminId: ctx.user.id, ...input, body: input.body ?? "" }),
    ),
});
