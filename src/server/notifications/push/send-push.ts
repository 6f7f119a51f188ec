// Sends a Web Push for a new notification to each of the recipient's
// devices, but only when they have no tab open (the OnlineUser table, kept by
// Soketi's webhooks): an open tab already shows it live. A subscription the
// push service calls gone (404, 410) is removed. Best effort: a failed push
// never fails the change that caused it.
import "server-only";
import webpush, { WebPushError } from "web-push";
import type { NotificationView } from "@/lib/events";
import { inAppPath } from "@/lib/navigation/safe-next-path";
import { db } from "../../db";
import { countUnread } from "../unread";
import { pushTransport } from "./push-endpoint";
import { vapidDetails } from "./vapid";

export type PushPayload = {
  id: string;
  title: string;
  body: string;
  link: string;
  /** The badge's number as the push leaves: the service worker puts it on the app icon. */
  unreadCount?: number;
};

/**
 * `badge: false` leaves the app icon's count out: an announcement's push
 * walks thousands of people, and their exact count needs their broadcast
 * copies made first, which an announcement deliberately never does.
 */
export async function pushNotification(
  recipientId: string,
  notification: NotificationView,
  options: { badge?: boolean } = {},
): Promise<void> {
  try {
    const online = await db.onlineUser.findUnique({ where: { userId: recipientId }, select: { userId: true } });
    if (online) return;
    const subscriptions = await db.pushSubscription.findMany({ where: { userId: recipientId } });
    if (subscriptions.length === 0) return;
    const vapid = await vapidDetails();
    const payload: PushPayload = {
      id: notification.id,
      title: notification.title,
      body: notification.body.slice(0, 500),
      // A click opens it in the app's own window: only a path of the app
      // (an outside link stays one click away, in the inbox).
      link: (notification.link && inAppPath(notification.link)) || "/inbox",
      // Read after commit from the person's channel row (the triggers keep
      // it): a notification is only written once their broadcasts are copied,
      // so this is the count their bell shows.
      unreadCount: options.badge === false ? undefined : await countUnread(db, recipientId),
    };
    await Promise.all(
      subscriptions.map(async (s) => {
        try {
          await webpush.sendNotification(
            { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
            JSON.stringify(payload),
            { vapidDetails: vapid, TTL: 24 * 60 * 60, urgency: "normal", timeout: 10_000, ...pushTransport(s.endpoint) },
          );
        } catch (error) {
          if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410)) {
            await db.pushSubscription.deleteMany({ where: { id: s.id } });
            return;
          }
          console.warn(`[push] could not push to ${new URL(s.endpoint).host}:`, (error as Error).message);
        }
      }),
    );
  } catch (error) {
    console.error("[push] push for a notification failed:", error);
  }
}
