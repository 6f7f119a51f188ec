// Snoozing one notification: it leaves the inbox and the count (every tab
// hears `notification.snoozed`) and comes back unread, on top, at its time
// (`notification.created` again). A queue job started after that time wakes
// it; the worker's sweep wakes any whose job was lost. Waking is idempotent:
// only a notification still snoozed until a past time is woken, under the
// person's channel lock, so a job run twice (or a job and the sweep)
// re-delivers it once.
import "server-only";
import type { Actor } from "../actor";
import { db as defaultDb, type Db } from "../db";
import { AppError } from "../errors";
import { pushNotification } from "./push/send-push";
import { channels } from "@/lib/realtime/channel-names";
import { afterCommit, lockChannel, transactionWithEvents } from "../realtime/outbox";
import { defineQueue, sendJob } from "../job-queue";
import { notificationSelect, toNotificationView } from "./notification-view";
import { decideDelivery } from "./preferences";
import { appendInboxEvent } from "./unread";
import type { NotificationType } from "@/lib/notifications/notification-types";

/** Its job: wakes the snoozed notification at `until` (the worker re-checks; a stale job does nothing). */
export type SnoozeJob = { id: string; until: string };
export const snoozeQueue = defineQueue<SnoozeJob>("notification-snooze", { expireInSeconds: 60, retryLimit: 5, retryDelay: 2 });

export function snoozeNotification(options: { actor: Actor; id: string; until: Date; tx?: Db }) {
  return transactionWithEvents(options.tx ?? defaultDb, async (tx) => {
    // The channel lock first, as "mark all read" takes it: the row change and
    // its event are ordered with the person's other inbox changes.
    await lockChannel(tx, channels.user(options.actor.id));
    // Only inbox entries (not a group's single items), and only one's own:
    // someone else's notification is "not found", not "forbidden".
    const { count } = await tx.notification.updateMany({
      where: { id: options.id, recipientId: options.actor.id, parentId: null },
      data: { snoozedUntil: options.until },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "That notification does not exist.");
    const until = options.until.toISOString();
    const { unreadCount } = await appendInboxEvent(tx, options.actor.id, "notification.snoozed", { id: options.id, until });
    // After commit, so the job never runs before the snooze exists; if the
    // queue is down the worker's sweep still wakes it.
    afterCommit(tx, () =>
      void sendJob(snoozeQueue, { id: options.id, until }, { startAfter: new Date(until) }).catch((error: unknown) =>
        console.warn(`[snooze] could not queue the wake-up of ${options.id}; the sweep will: ${String(error)}`),
      ),
    );
    return { id: options.id, until, unreadCount };
  });
}

/** Brings one notification back if its snooze has ended; null when there is nothing to do. */
export async function wakeSnoozed(db: Db, id: string, now: Date = new Date()) {
  const row = await db.notification.findUnique({ where: { id }, select: { recipientId: true, snoozedUntil: true } });
  if (!row?.snoozedUntil || row.snoozedUntil > now) return null;
  const recipientId = row.recipientId;
  return transactionWithEvents(db, async (tx) => {
    await lockChannel(tx, channels.user(recipientId));
    const { count } = await tx.notification.updateMany({
      where: { id, snoozedUntil: { lte: now } },
      // Unread and on top of the inbox, as a new one would be.
      data: { snoozedUntil: null, readAt: null, createdAt: now },
    });
    if (count === 0) return null; // already woken, or snoozed again for later
    const woken = await tx.notification.findUniqueOrThrow({
      where: { id },
      select: notificationSelect,
    });
    const notification = toNotificationView(woken);
    await appendInboxEvent(tx, recipientId, "notification.created", { notification });
    // It comes back like a new one: a push too when the person would get one now.
    // The row was written with a NotificationType.
    const delivery = await decideDelivery(tx, { recipientId, type: woken.type as NotificationType, urgent: woken.urgent }, now);
    if (delivery.push) afterCommit(tx, () => void pushNotification(recipientId, notification));
    return notification;
  });
}

/** Wakes every notification whose snooze has ended (the worker's safety net). */
export async function wakeOverdue(db: Db, now: Date = new Date(), limit = 200): Promise<number> {
  const due = await db.notification.findMany({
    where: { snoozedUntil: { lte: now } },
    orderBy: { snoozedUntil: "asc" },
    take: limit,
    select: { id: true },
  });
  let woken = 0;
  for (const { id } of due) if (await wakeSnoozed(db, id, now)) woken++;
  return woken;
}
