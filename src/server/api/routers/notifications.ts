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
import { notificationActionInput, replyInput } from "@/lib/validation/invitations";
import { actOnNotification, replyToNotification } from "../../notification-actions/notification-actions";
import { contentLimits } from "../../content-limits";
import { adminProcedure, authedProcedure, createTRPCRouter, rateLimited } from "../trpc";

export const notificationsRouter = createTRPCRouter({
  list: authedProcedure
    .meta({ openapi: { method: "GET", path: "/notifications", tags: ["notifications"], summary: "List your notifications, newest first", protect: true, errorResponses: restErrors } })
    .input(listNotificationsInput)
    .output(notificationPageOutput)
    .query(({ ctx, input }) => listNotifications({ actor: ctx.user, ...input })),

  unreadCount: authedProcedure
    .meta({ openapi: { method: "GET", path: "/notifications/unread-count", tags: ["notifications"], summary: "How many of your notifications are unread", protect: true, errorResponses: restErrors } })
    .output(unreadCountOutput)
    .query(({ ctx }) => currentUnreadCount({ actor: ctx.user })),

  summary: authedProcedure.query(({ ctx }) => inboxSummary({ actor: ctx.user })),

  markRead: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/{id}/read", tags: ["notifications"], summary: "Mark one notification read", protect: true, errorResponses: restErrors } })
    .input(markReadInput)
    .output(markReadOutput)
    .mutation(({ ctx, input }) => markRead({ actor: ctx.user, ...input })),

  /** The single items behind a grouped inbox entry. */
  groupItems: authedProcedure
    .input(markReadInput)
    .query(({ ctx, input }) => groupItems({ actor: ctx.user, ...input })),

  // The inbox's selection, one or many (at most 100) by id; REST the same.
  markManyRead: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/read", tags: ["notifications"], summary: "Mark several notifications read", protect: true, errorResponses: restErrors } })
    .input(notificationIdsInput)
    .output(inboxChangeOutput)
    .mutation(({ ctx, input }) => markManyRead({ actor: ctx.user, ...input })),

  markUnread: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/unread", tags: ["notifications"], summary: "Mark notifications unread again", protect: true, errorResponses: restErrors } })
    .input(notificationIdsInput)
    .output(inboxChangeOutput)
    .mutation(({ ctx, input }) => markUnread({ actor: ctx.user, ...input })),

  archive: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/archive", tags: ["notifications"], summary: "Move notifications to the Archive (out of the inbox and the unread count)", protect: true, errorResponses: restErrors } })
    .input(notificationIdsInput)
    .output(inboxChangeOutput)
    .mutation(({ ctx, input }) => archive({ actor: ctx.user, ...input })),

  unarchive: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/unarchive", tags: ["notifications"], summary: "Move notifications from the Archive back to the inbox", protect: true, errorResponses: restErrors } })
    .input(notificationIdsInput)
    .output(inboxChangeOutput)
    .mutation(({ ctx, input }) => unarchive({ actor: ctx.user, ...input })),

  delete: authedProcedure
    .meta({ openapi: { method: "POST", path: "/notifications/delete", tags: ["notifications"], summary: "Delete notifications for good", protect: true, errorResponses: restErrors } })
    .input(notificationIdsInput)
    .output(inboxChangeOutput)
    .mutation(({ ctx, input }) => deleteNotifications({ actor: ctx.user, ...input })),

  /** An entry's Accept / Decline: answers the invitation it is about. */
  act: authedProcedure
    .input(notificationActionInput)
    .mutation(({ ctx, input }) => actOnNotification({ actor: ctx.user, ...input })),

  /** Reply inline: a comment on the entry's post, or a message in its room. */
  reply: authedProcedure
    .input(replyInput)
    .use(rateLimited(contentLimits.comments))
    .mutation(({ ctx, input }) => replyToNotification({ actor: ctx.user, ...input })),

  markAllRead: authedProcedure.mutation(({ ctx }) => markAllRead({ actor: ctx.user })),

  send: adminProcedure
    .meta({ openapi: { method: "POST", path: "/admin/notifications", tags: ["admin"], summary: "Send a notification to one person (admins, admin scope)", protect: true, errorResponses: restErrors } })
    .input(sendNotificationInput)
    .output(notificationOutput)
    .mutation(({ ctx, input }) => sendAdminNotification({ actor: ctx.user, ...input })),
});
