// The one way any domain creates a notification: the row and its event are
// written in the caller's transaction (or a new one), so a notification is
// pushed exactly when it exists.
import { db, type Tx } from "../db";
import { channels } from "../realtime/channels";
import { afterCommit, appendEvent, transactionWithEvents } from "../realtime/outbox";
import { pushNotification } from "../push/send-push";
import { notificationSelect, toNotificationView } from "./notification-view";
import { countUnread } from "./unread";

export type NotifyInput = {
  recipientId: string;
  /** A dotted kind, e.g. "admin.message", "post.commented"; drives icons and, later, preferences. */
  type: string;
  title: string;
  body?: string;
  link?: string | null;
  senderId?: string | null;
};

/** Creates a notification inside an open transaction. */
export async function notifyInTransaction(tx: Tx, input: NotifyInput) {
  const created = await tx.notification.create({
    data: {
      recipientId: input.recipientId,
      type: input.type,
      title: input.title,
      body: input.body ?? "",
      link: input.link ?? null,
      senderId: input.senderId ?? null,
    },
    select: notificationSelect,
  });
  const notification = toNotificationView(created);
  await appendEvent(tx, channels.user(input.recipientId), "notification.created", async () => ({
    notification,
    unreadCount: await countUnread(tx, input.recipientId),
  }));
  // Web Push only once the notification exists for sure (after commit).
  afterCommit(tx, () => void pushNotification(input.recipientId, notification));
  return notification;
}

/** Creates a notification in its own transaction. */
export function notify(input: NotifyInput) {
  return transactionWithEvents(db, (tx) => notifyInTransaction(tx, input));
}
