// Adding someone to a private room or a document is an invitation:
// these add and accept in one step, for tests about what members do.
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";
import { callerFor } from "./callers";

/** The owner adds `person` to a private room, and they accept. */
export async function addToRoom(owner: SessionUser, roomId: string, person: SessionUser) {
  await callerFor(owner).rooms.addMember({ roomId, email: person.email });
  await acceptPending(person, { roomId, inviteeId: person.id });
}

/** The owner shares a document with `person`; a new person accepts (a member only changes role). */
export async function shareWith(owner: SessionUser, documentId: string, person: SessionUser, role: "EDITOR" | "VIEWER") {
  const shared = await callerFor(owner).documents.share({ id: documentId, email: person.email, role });
  if (shared.status === "invited") await acceptPending(person, { documentId, inviteeId: person.id });
  return shared;
}

async function acceptPending(person: SessionUser, where: { roomId?: string; documentId?: string; inviteeId: string }) {
  const invitation = await db.invitation.findFirst({ where: { ...where, status: "PENDING" }, select: { id: true } });
  if (invitation) await callerFor(person).invitations.answer({ id: invitation.id, answer: "accept" });
}
