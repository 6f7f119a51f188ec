// The buttons a notification carries (src/lib/notifications/actions.ts), run
// on what the entry is about: Accept / Decline answer its invitation, Reply
// comments on its post or writes in its room. Each changes the entry in
// place in every tab (`notification.changed`).
import "server-only";
import { actionsFor, type NotificationActionId } from "@/lib/notifications/actions";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { addComment } from "../feed/comments";
import { answerInvitation, resolveNotifications } from "../invitations/invitations";
import { sendMessage } from "../rooms/messages";
import { transactionWithEvents } from "../realtime/outbox";

async function ownEntry(userId: string, id: string, action: NotificationActionId) {
  const n = await db.notification.findFirst({
    where: { id, recipientId: userId },
    select: { id: true, type: true, subjectKind: true, subjectId: true, actionResult: true },
  });
  if (!n) throw new AppError("NOT_FOUND", "That notification does not exist (it may have been deleted).");
  // Answered entries offer Accept / Decline no more, but the same answer
  // again is harmless (answerInvitation says so): only the kind is checked.
  const offered = actionsFor({ ...n, actionResult: null }).some((a) => a.id === action);
  if (!offered || !n.subjectId) throw new AppError("BAD_REQUEST", "This notification has no such action.");
  return { ...n, subjectId: n.subjectId };
}

/** Accept or Decline on an invitation's notification. */
export async function actOnNotification(options: { actor: Actor; id: string; action: "accept" | "decline" }) {
  const n = await ownEntry(options.actor.id, options.id, options.action);
  return answerInvitation({ actor: options.actor, id: n.subjectId, answer: options.action });
}

/**
 * Reply inline: a comment on the post (or on the post of the comment), or a
 * message in the room (or in the room of the message) the entry is about.
 * Then the entry is read and shows "Replied".
 */
export async function replyToNotification(options: { actor: Actor; id: string; body: string }) {
  const n = await ownEntry(options.actor.id, options.id, "reply");
  const gone = new AppError("NOT_FOUND", "What this notification is about no longer exists.");
  let reply: { kind: "comment"; postId: string; id: string } | { kind: "message"; roomId: string; id: string };
  if (n.subjectKind === "post" || n.subjectKind === "comment") {
    const postId =
      n.subjectKind === "post"
        ? n.subjectId
        : (await db.comment.findUnique({ where: { id: n.subjectId }, select: { postId: true } }))?.postId;
    if (!postId) throw gone;
    const comment = await addComment({ actor: options.actor, postId, body: options.body });
    reply = { kind: "comment", postId, id: comment.id };
  } else {
    const roomId =
      n.subjectKind === "room"
        ? n.subjectId
        : (await db.message.findUnique({ where: { id: n.subjectId }, select: { roomId: true } }))?.roomId;
    if (!roomId) throw gone;
    const { message } = await sendMessage({ actor: options.actor, roomId, body: options.body });
    reply = { kind: "message", roomId, id: message.id };
  }
  await transactionWithEvents(db, (tx) => resolveNotifications(tx, options.actor.id, { notificationId: n.id }, "replied"));
  return reply;
}
