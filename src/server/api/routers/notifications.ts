import "server-only";
import {
  listNotificationsInput,
  markReadInput,
  notificationIdsInput,
  sendNotificationInput,
} from "@/lib/validation/notifications";
import {
  inboxChangeOutput,
  markReadOutput,
  notificationOutput,
  notificationPageOutput,
  restErrors,
  unreadCountOutput,
} from "@/lib/validation/api-outputs";
import { inboxSummary, listNotifications } from "../../notifications/list-notifications";
import { markAllRead, markRead } from "../../notifications/mark-read";
import { archive, deleteNotifications, markManyRead, markUnread, unarchive } from "../../notifications/manage-inbox";
import { sendAdminNotification } from "../../notifications/send-admin-notification";
import { groupItems } from "../../notifications/grouping";
import { currentUnreadCount } from "../../notifications/unread";
import { db } from "../../db";
import { notificationActionInput, replyInput } from "@/lib/validation/invitations";
import { actOnNotification, replyToNotification } from "../../notification-actions/notification-actions";
import { contentLimits } from "../../content-limits";
import { adminProcedure, authedProcedure, createTRPCRouter, rateLimited } from "../trpc";

export const notificationsRouter = createTRPCRouter({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/notifications", tags: ["notifications"], summary: "List your notifications, newest first", protect: true, errorResponses: restErrors } })
    .input(listNotificationsInput)
    .output(notificationPageOutput)
    .query(({ ctx, input }) => listNotifications({ userId: ctx.user.id, ...input })),

  unreadCount: authedProcedure
    .meta({ openapi: { method: "GET", path: "/notifications/unread-count", tags: ["notifications"], summary: "How many of your notifications are unread", protect: true, errorResponses: restErrors } })
    .output(unreadCountOutput)
    .query(({ ctx }) => currentUnreadCount(ctx.user.id)),

  summary: authedProcedure.query(({ ctx }) => inboxSummary({ userId: ctx.user.id })),

  markRead: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/{id}/read", tags: ["notifications"], summary: "Mark one notification read", protect: true, errorResponses: restErrors } })
    .input(markReadInput)
    .output(markReadOutput)
    .mutation(({ ctx, input }) => markRead({ userId: ctx.user.id, id: input.id })),

  /** The single items behind a grouped inbox entry. */
  groupItems: authedProcedure
    .input(markReadInput)
    .query(({ ctx, input }) => groupItems(db, { userId: ctx.user.id, id: input.id })),

  // The inbox's selection, one or many (at most 100) by id; REST the same.
  markManyRead: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/read", tags: ["notifications"], summary: "Mark several notifications read", protect: true, errorResponses: restErrors } })
    .input(notificationIdsInput)
    .output(inboxChangeOutput)
    .mutation(({ ctx, input }) => markManyRead({ userId: ctx.user.id, ids: input.ids })),

  markUnread: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/unread", tags: ["notifications"], summary: "Mark notifications unread again", protect: true, errorResponses: restErrors } })
    .input(notificationIdsInput)
    .output(inboxChangeOutput)
    .mutation(({ ctx, input }) => markUnread({ userId: ctx.user.id, ids: input.ids })),

  archive: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/archive", tags: ["notifications"], summary: "Move notifications to the Archive (out of the inbox and the unread count)", protect: true, errorResponses: restErrors } })
    .input(notificationIdsInput)
    .output(inboxChangeOutput)
    .mutation(({ ctx, input }) => archive({ userId: ctx.user.id, ids: input.ids })),

  unarchive: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/unarchive", tags: ["notifications"], summary: "Move notifications from the Archive back to the inbox", protect: true, errorResponses: restErrors } })
    .input(notificationIdsInput)
    .output(inboxChangeOutput)
    .mutation(({ ctx, input }) => unarchive({ userId: ctx.user.id, ids: input.ids })),

  delete: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/delete", tags: ["notifications"], summary: "Delete notifications for good", protect: true, errorResponses: restErrors } })
    .input(notificationIdsInput)
    .output(inboxChangeOutput)
    .mutation(({ ctx, input }) => deleteNotifications({ userId: ctx.user.id, ids: input.ids })),

  /** An entry's Accept / Decline: answers the invitation it is about. */
  act: authedProcedure
    .input(notificationActionInput)
    .mutation(({ ctx, input }) => actOnNotification({ userId: ctx.user.id, ...input })),

  /** Reply inline: a comment on the entry's post, or a message in its room. */
  reply: authedProcedure
    .input(replyInput)
    .use(rateLimited(contentLimits.comments))
    .mutation(({ ctx, input }) => replyToNotification({ userId: ctx.user.id, ...input })),

  markAllRead: authedProcedure.mutation(({ ctx }) => markAllRead({ userId: ctx.user.id })),

  send: adminProcedure
    .meta({ openapi: { method: "POST", path: "/admin/notifications", tags: ["admin"], summary: "Send a notification to one person (admins, admin scope)", protect: true, errorResponses: restErrors } })
    .input(sendNotificationInput)
    .output(notificationOutput)
    .mutation(({ ctx, input }) =>
      sendAdminNotification({ adminId: ctx.user.id, ...input, body: input.body ?? "" }),
    ),
});
