import { recordAudit } from "../admin/audit";
import { db } from "../db";
import { AppError } from "../errors";
import { transactionWithEvents } from "../realtime/outbox";
import { notifyInTransaction } from "./notify";

/** An admin's message to one person, delivered as a notification. */
export async function sendAdminNotification(options: {
  adminId: string;
  recipientEmail: string;
  title: string;
  body: string;
  link?: string;
}) {
  const recipient = await db.user.findUnique({
    where: { email: options.recipientEmail },
    select: { id: true },
  });
  if (!recipient) {
    throw new AppError("NOT_FOUND", "Nobody has that email address.", {
      recipientEmail: ["Nobody has that email address"],
    });
  }
  return transactionWithEvents(db, async (tx) => {
    const notification = await notifyInTransaction(tx, {
      recipientId: recipient.id,
      type: "admin.message",
      title: options.title,
      body: options.body,
      link: options.link ?? null,
      senderId: options.adminId,
    });
    // An admin's message always reaches the inbox (ALWAYS_IN_APP_TYPES): no
    // preference can turn it off, so there is always an entry.
    if (!notification) throw new Error("admin.message was not delivered in the app");
    await recordAudit(tx, {
      actorId: options.adminId,
      action: "notification.sent",
      target: options.recipientEmail,
      details: { title: options.title },
    });
    return notification;
  });
}
