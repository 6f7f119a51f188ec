import "server-only";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { notifyAudited } from "./notify";

/** An admin's message to one person, delivered as a notification and audited with it. */
export async function sendAdminNotification(options: {
  actor: Actor;
  recipientEmail: string;
  title: string;
  body: string;
  link?: string;
}) {
  const sent = await notifyAudited(
    { email: options.recipientEmail },
    { type: "admin.message", title: options.title, body: options.body, link: options.link ?? null, senderId: options.actor.id },
    { actorId: options.actor.id, action: "notification.sent", target: options.recipientEmail, details: { title: options.title } },
  );
  if (!sent) {
    throw new AppError("NOT_FOUND", "Nobody has that email address.", {
      recipientEmail: ["Nobody has that email address"],
    });
  }
  // An admin's message always reaches the inbox (ALWAYS_IN_APP_TYPES): no
  // preference can turn it off, so there is always an entry.
  if (!sent.notification) throw new Error("admin.message was not delivered in the app");
  return sent.notification;
}
