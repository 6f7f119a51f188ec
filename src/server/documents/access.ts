// Who may do what with a document: the owner and EDITOR members edit, VIEWER
// members read, everyone else does not learn that it exists.
import "server-only";
import { db, type Db, type Tx } from "../db";
import { AppError } from "../errors";

export type DocumentAccess = { role: "OWNER" | "EDITOR" | "VIEWER"; canEdit: boolean };

export async function documentAccess(userId: string, documentId: string, client: Db | Tx = db): Promise<DocumentAccess | null> {
  const doc = await client.document.findUnique({
    where: { id: documentId },
    select: { ownerId: true, members: { where: { userId }, select: { role: true } } },
  });
  if (!doc) return null;
  if (doc.ownerId === userId) return { role: "OWNER", canEdit: true };
  const member = doc.members[0];
  if (!member) return null;
  return { role: member.role, canEdit: member.role === "EDITOR" };
}

const NOT_FOUND = "That document does not exist, or it was not shared with you.";

/** The caller's access, or a refusal: NOT_FOUND without any, FORBIDDEN without enough. */
export async function requireAccess(
  client: Db | Tx,
  userId: string,
  documentId: string,
  need: "read" | "edit" | "own",
): Promise<DocumentAccess> {
  const access = await documentAccess(userId, documentId, client);
  if (!access) throw new AppError("NOT_FOUND", NOT_FOUND);
  if (need === "edit" && !access.canEdit) {
    throw new AppError("FORBIDDEN", "You can read this document but not edit it.");
  }
  if (need === "own" && access.role !== "OWNER") {
    throw new AppError("FORBIDDEN", "Only the document's owner can do this.");
  }
  return access;
}
