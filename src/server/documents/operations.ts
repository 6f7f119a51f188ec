// Editing a document: an op made on some version is transformed against the
// ops committed since, applied, logged and broadcast, all in one transaction
// that holds the document's row lock (so ops get versions one at a time, in
// the order their events are numbered). Lock order: Document row, then its
// channel (private-doc.<id>).
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { compactOp, type TextOp } from "@/lib/documents/text-ot";
import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, channelHead, transactionWithEvents } from "../realtime/outbox";
import { mentionNotifications, newMentions } from "../mentions/notify-mentions";
import { notifyEach } from "../notifications/fan-out";
import { requireAccess } from "./access";
import { checkBaseVersion, rebaseAndApply } from "./rebase";

export type LockedDocument = { id: string; text: string; version: number };

/** Locks the document's row until commit (every writer of a document queues here). */
export async function lockDocument(tx: Tx, documentId: string): Promise<LockedDocument> {
  const rows = await tx.$queryRaw<LockedDocument[]>`
    SELECT "id", "text", "version" FROM "Document" WHERE "id" = ${documentId} FOR UPDATE`;
  const doc = rows[0];
  if (!doc) throw new AppError("NOT_FOUND", "That document does not exist, or it was not shared with you.");
  return doc;
}

/** The op with its deletes spelled out (`{d: "text"}`), so history can show what was deleted. */
function forLog(op: TextOp, text: string): TextOp {
  const spelled: TextOp = [];
  let pos = 0; // UTF-16 offset into text
  for (const c of op) {
    if (typeof c === "number") {
      pos += sliceLength(text, pos, c);
      spelled.push(c);
    } else if (typeof c === "object") {
      const n = typeof c.d === "number" ? c.d : 0;
      const len = sliceLength(text, pos, n);
      spelled.push({ d: text.slice(pos, pos + len) });
      pos += len;
    } else spelled.push(c);
  }
  return spelled;
}

/** UTF-16 length of `codePoints` code points of `text` from `from`. */
function sliceLength(text: string, from: number, codePoints: number): number {
  let i = from;
  for (let n = 0; n < codePoints && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i - from;
}

export type AppliedOperation = { version: number; op: TextOp };

/**
 * Applies an op that already fits the locked document's current text:
 * logs it, saves the new snapshot, appends its event. Returns the new state.
 */
export async function commitOperation(
  tx: Tx,
  doc: LockedDocument,
  change: { op: TextOp; text: string; author: { id: string; name: string }; clientId: string; clientSeq: number },
): Promise<LockedDocument & AppliedOperation> {
  const version = doc.version + 1;
  await tx.documentOperation.create({
    data: {
      documentId: doc.id,
      version,
      authorId: change.author.id,
      op: forLog(change.op, doc.text) as Prisma.InputJsonValue,
      clientId: change.clientId,
      clientSeq: change.clientSeq,
    },
  });
  await tx.document.update({ where: { id: doc.id }, data: { text: change.text, version } });
  await appendEvent(tx, channels.doc(doc.id), "document.op", {
    version,
    op: change.op,
    author: change.author,
    clientId: change.clientId,
    clientSeq: change.clientSeq,
  });
  return { id: doc.id, text: change.text, version, op: change.op };
}

export function submitOperation(options: {
  actor: Actor;
  id: string;
  baseVersion: number;
  op: TextOp;
  clientId: string;
  clientSeq: number;
}): Promise<AppliedOperation & { duplicate: boolean }> {
  // The author as events, the log and mentions carry it: id and name only.
  const author = { id: options.actor.id, name: options.actor.name };
  return transactionWithEvents(db, async (tx) => {
    await requireAccess(tx, options.actor.id, options.id, "edit");
    const doc = await lockDocument(tx, options.id);

    // A resend of an op that was applied (its reply was lost with the
    // connection): answer as the first time, change nothing.
    const done = await tx.documentOperation.findUnique({
      where: {
        documentId_clientId_clientSeq: { documentId: doc.id, clientId: options.clientId, clientSeq: options.clientSeq },
      },
      select: { version: true, op: true, authorId: true },
    });
    if (done) {
      if (done.authorId !== options.actor.id) throw new AppError("CONFLICT", "That client id belongs to someone else.");
      return { version: done.version, op: compactOp(done.op as TextOp), duplicate: true };
    }

    checkBaseVersion(options.baseVersion, doc.version);
    const history = await tx.documentOperation.findMany({
      where: { documentId: doc.id, version: { gt: options.baseVersion } },
      orderBy: { version: "asc" },
      select: { op: true },
    });
    const { op, text } = rebaseAndApply({
      text: doc.text,
      version: doc.version,
      baseVersion: options.baseVersion,
      history: history.map((h) => h.op as TextOp),
      op: options.op,
    });
    const applied = await commitOperation(tx, doc, {
      op,
      text,
      author,
      clientId: options.clientId,
      clientSeq: options.clientSeq,
    });
    await notifyDocumentMentions(tx, { documentId: doc.id, before: doc.text, after: text, author });
    return { version: applied.version, op: applied.op, duplicate: false };
  });
}

/**
 * People an edit newly mentions (a mention token in the text after that was
 * not in the text before) hear of it, if they may read the document. Typing
 * costs nothing here: the texts are compared in memory, and the database is
 * asked only when a new token appeared (the picker inserts one whole).
 */
async function notifyDocumentMentions(
  tx: Tx,
  change: { documentId: string; before: string; after: string; author: { id: string; name: string } },
) {
  const ids = newMentions(change.after, change.author.id, change.before);
  if (ids.length === 0) return;
  const { title } = await tx.document.findUniqueOrThrow({ where: { id: change.documentId }, select: { title: true } });
  const place = { kind: "document" as const, documentId: change.documentId, title };
  await notifyEach(tx, await mentionNotifications(tx, { ids, writer: change.author, place, text: mentionContext(change.after, ids[0]!) }));
}

/** The line around the first new mention, as the notification's excerpt. */
function mentionContext(text: string, userId: string): string {
  const at = text.indexOf(`](${userId})`);
  const start = text.lastIndexOf("\n", at) + 1;
  const end = text.indexOf("\n", at);
  return text.slice(start, end === -1 ? undefined : end);
}

const OPERATIONS_PAGE = 500;

/**
 * Committed ops after `afterVersion`, oldest first, for an editor that
 * missed more than the channel's catch-up holds. `head` is the channel's
 * newest event id read first, so every op after this answer has an event
 * after `head`.
 */
export async function operationsSince(options: { actor: Actor; id: string; afterVersion: number }) {
  await requireAccess(db, options.actor.id, options.id, "read");
  const head = await channelHead(db, channels.doc(options.id));
  const rows = await db.documentOperation.findMany({
    where: { documentId: options.id, version: { gt: options.afterVersion } },
    orderBy: { version: "asc" },
    take: OPERATIONS_PAGE + 1,
    select: { version: true, op: true, clientId: true, clientSeq: true },
  });
  return {
    head,
    ops: rows.slice(0, OPERATIONS_PAGE).map((r) => ({ ...r, op: compactOp(r.op as TextOp) })),
    more: rows.length > OPERATIONS_PAGE,
  };
}
