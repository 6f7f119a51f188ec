// The fields of a notification that leave the server, selected once.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { NotificationView } from "@/lib/events";
import { actionsFor, isActionResult } from "@/lib/notifications/actions";
import { thumbnailUrl } from "@/lib/uploads";

export const notificationSelect = {
  id: true,
  type: true,
  title: true,
  body: true,
  link: true,
  createdAt: true,
  readAt: true,
  groupCount: true,
  groupActors: true,
  urgent: true,
  sender: { select: { name: true, avatarUploadId: true } },
  subjectKind: true,
  actionResult: true,
} satisfies Prisma.NotificationSelect;

type Selected = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

export function toNotificationView(n: Selected): NotificationView {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    link: n.link,
    senderName: n.sender?.name ?? null,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
    groupCount: n.groupCount,
    actors: n.groupActors,
    urgent: n.urgent,
    senderAvatarUrl: n.sender?.avatarUploadId ? thumbnailUrl(n.sender.avatarUploadId) : null,
    actions: actionsFor(n),
    actionResult: isActionResult(n.actionResult) ? n.actionResult : null,
  };
}
