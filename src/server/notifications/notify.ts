// The one way any domain creates a notification: the row and its event are
// written in the caller's transaction (or a new one), so a notification is
// pushed exactly when it exists. The person's preferences decide whether it
// is written and pushed at all; similar ones (same group key) collect under
// one inbox entry.
import { db, type Tx } from "../db";
import { afterCommit, transactionWithEvents } from "../realtime/outbox";
import { pushNotification } from "../push/send-push";
import { addToGroup } from "./grouping";
import { notificationSelect, toNotificationView } from "./notification-view";
import { decideDelivery } from "./preferences";
import { appendInboxEvent } from "./unread";

export type NotifyInput = {
  recipientId: string;
  /** A dotted kind, e.g. "admin.message", "post.commented"; preferences are per type. */
  type: string;
  title: string;
  body?: string;
  link?: string | null;
  senderId?: string | null;
  /** What it is about, for mutes: a muted room or post thread delivers nothing. */
  subject?: { kind: "room" | "post"; id: string };
  /** Sent by an admin as urgent: ignores mutes and quiet hours. */
  urgent?: boolean;
  /**
   * Similar notifications share a key ("post.commented:<post id>"): while the
   * entry is unread, a new one joins it and `summary` retitles it.
   */
  group?: { key: string; actor: string; summary: (actors: string[], count: number) => string };
};

/**
 * Creates a notification inside an open transaction. Returns the inbox entry
 * it made or joined, or null when the person's preferences keep it out of
 * the app.
 */
export async function notifyInTransaction(tx: Tx, input: NotifyInput) {
  const delivery = await decideDelivery(tx, input);
  if (!delivery.inApp) {
    if (delivery.push) afterCommit(tx, () => void pushNotification(input.recipientId, pushOnlyView(input)));
    return null;
  }
  const grouped = input.group ? await addToGroup(tx, input, input.group) : null;
  if (grouped) {
    await appendInboxEvent(tx, input.recipientId, "notification.updated", { notification: grouped });
    if (delivery.push) afterCommit(tx, () => void pushNotification(input.recipientId, grouped));
    return grouped;
  }
  const created = await tx.notification.create({
    data: {
      recipientId: input.recipientId,
      type: input.type,
      title: input.title,
      body: input.body ?? "",
      link: input.link ?? null,
      senderId: input.senderId ?? null,
      urgent: input.urgent ?? false,
      groupKey: input.group?.key ?? null,
      groupActors: input.group ? [input.group.actor] : [],
    },
    select: notificationSelect,
  });
  const notification = toNotificationView(created);
  await appendInboxEvent(tx, input.recipientId, "notification.created", { notification });
  // Web Push only once the notification exists for sure (after commit).
  if (delivery.push) afterCommit(tx, () => void pushNotification(input.recipientId, notification));
  return notification;
}

/** Creates a notification in its own transaction. */
export function notify(input: NotifyInput) {
  return transactionWithEvents(db, (tx) => notifyInTransaction(tx, input));
}

/** What a push carries when the person wants pushes but no inbox entry. */
function pushOnlyView(input: NotifyInput) {
  return {
    id: `push-${Date.now()}`,
    type: input.type,
    title: input.title,
    body: input.body ?? "",
    link: input.link ?? null,
    senderName: null,
    createdAt: new Date().toISOString(),
    readAt: null,
    groupCount: 1,
    actors: [],
    urgent: input.urgent ?? false,
  };
}
