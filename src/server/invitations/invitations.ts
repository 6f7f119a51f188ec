// Invitations into a private room or a document. Adding a person
// there asks them first: an Invitation row and a notification whose Accept /
// Decline buttons answer it. Accepting makes the membership (a document's
// with the role the owner chose); either answer changes the notification in
// place, in every tab of the invitee, through their channel. The owner's
// page lists pending ones ("Invited — pending") and hears the answer on the
// room's or document's channel.
import "server-only";
import type { DocumentRole } from "@/generated/prisma/enums";
import type { NotificationView } from "@/lib/events";
import type { ActionResult } from "@/lib/notifications/actions";
import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { notificationSelect, toNotificationView } from "../notifications/notification-view";
import { notifyInTransaction } from "../notifications/notify";
import { appendInboxEvent } from "../notifications/unread";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, lockChannel, transactionWithEvents } from "../realtime/outbox";

export type Answer = "accept" | "decline";

export type PendingInvitationView = {
  id: string;
  invitee: { id: string; name: string; email: string };
  role: DocumentRole | null;
  createdAt: string;
};

type Target =
  | { kind: "room"; id: string; name: string }
  | { kind: "document"; id: string; name: string; role: DocumentRole };

/**
 * Invites `inviteeId` (inside the caller's transaction). Asking again while
 * an invitation waits notifies nobody twice: a document's changes its role.
 */
export async function invite(tx: Tx, options: { inviterId: string; inviteeId: string; target: Target }) {
  const { target } = options;
  const where =
    target.kind === "room"
      ? { roomId: target.id, inviteeId: options.inviteeId, status: "PENDING" as const }
      : { documentId: target.id, inviteeId: options.inviteeId, status: "PENDING" as const };
  const role = target.kind === "document" ? target.role : null;
  // Two invitations of one person at once (a double click) take turns on the
  // room's or document's row, so the second finds the first's and does not
  // run into the unique index of pending invitations (a 500).
  if (target.kind === "room") await tx.$executeRaw`SELECT 1 FROM "Room" WHERE id = ${target.id} FOR UPDATE`;
  else await tx.$executeRaw`SELECT 1 FROM "Document" WHERE id = ${target.id} FOR UPDATE`;
  const waiting = await tx.invitation.findFirst({ where, select: { id: true } });
  if (waiting) {
    if (role) await tx.invitation.update({ where: { id: waiting.id }, data: { role } });
    return { id: waiting.id, created: false };
  }
  const invitation = await tx.invitation.create({
    data: {
      roomId: target.kind === "room" ? target.id : null,
      documentId: target.kind === "document" ? target.id : null,
      inviteeId: options.inviteeId,
      inviterId: options.inviterId,
      role,
    },
    select: { id: true, inviter: { select: { name: true } } },
  });
  const who = invitation.inviter?.name ?? "Someone";
  await notifyInTransaction(tx, {
    recipientId: options.inviteeId,
    type: target.kind === "room" ? "room.invited" : "document.invited",
    title:
      target.kind === "room"
        ? `${who} invited you to the private room “${target.name}”`
        : `${who} invited you to ${target.role === "EDITOR" ? "edit" : "read"} “${target.name}”`,
    body: target.kind === "room" ? "Accept to join the room." : "Accept to open the document.",
    link: target.kind === "room" ? `/rooms/${target.id}` : `/docs/${target.id}`,
    senderId: options.inviterId,
    subject: { kind: "invitation", id: invitation.id },
  });
  return { id: invitation.id, created: true };
}

/**
 * The invitee's answer. Only they may answer; the same answer again is a
 * no-op (a second tab, a double click), the other one is refused.
 */
export async function answerInvitation(options: { actor: Actor; id: string; answer: Answer }) {
  return transactionWithEvents(db, async (tx) => {
    const found = await tx.invitation.findUnique({
      where: { id: options.id },
      select: {
        id: true,
        inviteeId: true,
        roomId: true,
        documentId: true,
        role: true,
        invitee: { select: { id: true, name: true } },
      },
    });
    if (!found) throw new AppError("NOT_FOUND", "That invitation no longer exists (the room or document may have been deleted).");
    if (found.inviteeId !== options.actor.id) throw new AppError("FORBIDDEN", "Only the person invited can answer this invitation.");
    const status = options.answer === "accept" ? ("ACCEPTED" as const) : ("DECLINED" as const);
    // Under the row's lock: of two answers at once, one finds it answered.
    const { count } = await tx.invitation.updateMany({
      where: { id: found.id, status: "PENDING" },
      data: { status, answeredAt: new Date() },
    });
    if (count === 0) {
      const now = await tx.invitation.findUniqueOrThrow({ where: { id: found.id }, select: { status: true } });
      if (now.status === status) return { id: found.id, status, changed: false };
      throw new AppError(
        "CONFLICT",
        `You already ${now.status === "ACCEPTED" ? "accepted" : "declined"} this invitation.`,
      );
    }
    const answered =
      status === "ACCEPTED" ? { id: found.id, status, invitee: found.invitee, role: found.role } : { id: found.id, status };
    // Channel order: the room's or document's, then the person's.
    if (found.roomId) {
      if (status === "ACCEPTED") {
        const added = await tx.roomMember.createMany({ data: [{ roomId: found.roomId, userId: found.inviteeId }], skipDuplicates: true });
        if (added.count > 0) {
          await appendEvent(tx, channels.room(found.roomId), "room.member-added", { member: found.invitee });
        }
      }
      await appendEvent(tx, channels.room(found.roomId), "invitation.answered", { invitation: answered });
    } else if (found.documentId) {
      if (status === "ACCEPTED") {
        const role = found.role ?? "VIEWER";
        await tx.documentMember.upsert({
          where: { documentId_userId: { documentId: found.documentId, userId: found.inviteeId } },
          create: { documentId: found.documentId, userId: found.inviteeId, role },
          update: { role },
        });
      }
      await appendEvent(tx, channels.doc(found.documentId), "invitation.answered", { invitation: answered });
    }
    await resolveNotifications(tx, options.actor.id, { kind: "invitation", id: found.id }, status === "ACCEPTED" ? "accepted" : "declined");
    return { id: found.id, status, changed: true };
  });
}

/**
 * Marks the person's entries about `subject` answered (and read), and tells
 * every tab of theirs: `notification.changed` replaces the entry in place.
 */
export async function resolveNotifications(
  tx: Tx,
  userId: string,
  subject: { kind: string; id: string } | { notificationId: string },
  result: ActionResult,
): Promise<NotificationView[]> {
  await lockChannel(tx, channels.user(userId));
  const where =
    "notificationId" in subject
      ? { recipientId: userId, id: subject.notificationId }
      : { recipientId: userId, subjectKind: subject.kind, subjectId: subject.id };
  const now = new Date();
  await tx.notification.updateMany({ where: { ...where, readAt: null }, data: { readAt: now } });
  await tx.notification.updateMany({ where, data: { actionResult: result } });
  const rows = await tx.notification.findMany({ where: { ...where, parentId: null }, select: notificationSelect });
  const views = rows.map(toNotificationView);
  for (const notification of views) await appendInboxEvent(tx, userId, "notification.changed", { notification });
  return views;
}

/** Pending invitations of a room or document, for its owner ("Invited — pending"). */
export async function pendingInvitations(options: { actor: Actor; roomId?: string; documentId?: string }) {
  const owner = options.roomId
    ? (await db.room.findUnique({ where: { id: options.roomId }, select: { ownerId: true } }))?.ownerId
    : options.documentId
      ? (await db.document.findUnique({ where: { id: options.documentId }, select: { ownerId: true } }))?.ownerId
      : undefined;
  if (!owner || owner !== options.actor.id) {
    throw new AppError("NOT_FOUND", "Only the owner sees who was invited.");
  }
  const rows = await db.invitation.findMany({
    where: options.roomId
      ? { roomId: options.roomId, status: "PENDING" }
      : { documentId: options.documentId, status: "PENDING" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 200,
    select: { id: true, role: true, createdAt: true, invitee: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((r): PendingInvitationView => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
