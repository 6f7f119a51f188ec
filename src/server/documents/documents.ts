// Creating, listing, opening and sharing documents.
import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { endLiveConnections } from "../realtime/end-connections";
import { channelHead, transactionWithEvents } from "../realtime/outbox";
import { requireAccess } from "./access";
import { invite } from "../invitations/invitations";

export function createDocument(options: { actor: Actor; title: string }) {
  return db.document.create({
    data: { ownerId: options.actor.id, title: options.title },
    select: { id: true, title: true },
  });
}

/** Documents the person owns or was given, most recently changed first. */
export async function listDocuments(options: { actor: Actor }) {
  const rows = await db.document.findMany({
    where: { OR: [{ ownerId: options.actor.id }, { members: { some: { userId: options.actor.id } } }] },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true,
      title: true,
      updatedAt: true,
      owner: { select: { id: true, name: true } },
      members: { where: { userId: options.actor.id }, select: { role: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    updatedAt: r.updatedAt.toISOString(),
    owner: r.owner,
    role: r.owner.id === options.actor.id ? ("OWNER" as const) : (r.members[0]?.role ?? "VIEWER"),
  }));
}

/**
 * The document as stored now, and the newest event id of its channel. The
 * id is read first: every op after the text's version has an event after
 * it, and the editor skips events whose version the text already includes.
 */
export async function getDocument(options: { actor: Actor; id: string }) {
  const access = await requireAccess(db, options.actor.id, options.id, "read");
  const head = await channelHead(db, channels.doc(options.id));
  const doc = await db.document.findUnique({
    where: { id: options.id },
    select: {
      id: true,
      title: true,
      text: true,
      version: true,
      owner: { select: { id: true, name: true } },
      members: { orderBy: { createdAt: "asc" }, select: { role: true, user: { select: { id: true, name: true } } } },
    },
  });
  if (!doc) throw new AppError("NOT_FOUND", "That document does not exist, or it was not shared with you.");
  return {
    id: doc.id,
    title: doc.title,
    text: doc.text,
    version: doc.version,
    head,
    role: access.role,
    canEdit: access.canEdit,
    owner: doc.owner,
    members: doc.members.map((m) => ({ id: m.user.id, name: m.user.name, role: m.role })),
  };
}

/**
 * The owner gives someone (by email) the right to edit or to read. A new
 * person is invited (they accept from their notification, and get
 * the role chosen here); for a member, again changes the role.
 */
export async function shareDocument(options: { actor: Actor; id: string; email: string; role: "EDITOR" | "VIEWER" }) {
  await requireAccess(db, options.actor.id, options.id, "own");
  const person = await db.user.findUnique({ where: { email: options.email }, select: { id: true, name: true } });
  if (!person) {
    throw new AppError("NOT_FOUND", "Nobody has an account with that email.", { email: ["No account with this email"] });
  }
  if (person.id === options.actor.id) {
    throw new AppError("BAD_REQUEST", "You own this document already.", { email: ["That is you"] });
  }
  const status = await transactionWithEvents(db, async (tx) => {
    const where = { documentId_userId: { documentId: options.id, userId: person.id } };
    const before = await tx.documentMember.findUnique({ where, select: { role: true } });
    if (!before) {
      const doc = await tx.document.findUniqueOrThrow({ where: { id: options.id }, select: { title: true } });
      await invite(tx, {
        inviterId: options.actor.id,
        inviteeId: person.id,
        target: { kind: "document", id: options.id, name: doc.title, role: options.role },
      });
      return "invited" as const;
    }
    await tx.documentMember.update({ where, data: { role: options.role } });
    // An editor made a viewer loses the editors' presence channel (who is in, cursors).
    if (before.role === "EDITOR" && options.role === "VIEWER") await endLiveConnections(tx, person.id);
    return "member" as const;
  });
  return { id: person.id, name: person.name, role: options.role, status };
}
