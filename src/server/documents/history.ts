// Who changed what recently, and going back to an earlier version. A restore
// is a new edit (the difference from the current text to the old one), so
// every open editor converges to it like to any other edit, and it can
// itself be undone by restoring again.
import "server-only";
import { randomUUID } from "node:crypto";
import { diffToOp, ot, splitOp, type TextOp } from "@/lib/documents/text-ot";
import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { transactionWithEvents } from "../realtime/outbox";
import { requireAccess } from "./access";
import { commitOperation, lockDocument } from "./operations";

const PREVIEW_CHARS = 80;

function preview(text: string): string {
  const chars = Array.from(text);
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join("")}…` : text;
}

/** What an op did, for people: the text it inserted and deleted. */
function summarize(op: TextOp) {
  let inserted = "";
  let deleted = "";
  let deletedCount = 0;
  for (const c of op) {
    if (typeof c === "string") inserted += c;
    else if (typeof c === "object") {
      if (typeof c.d === "string") {
        deleted += c.d;
        deletedCount += Array.from(c.d).length;
      } else deletedCount += c.d;
    }
  }
  return { inserted: preview(inserted), deleted: preview(deleted), deletedCount };
}

export async function listHistory(options: { actor: Actor; id: string; limit: number }) {
  await requireAccess(db, options.actor.id, options.id, "read");
  const rows = await db.documentOperation.findMany({
    where: { documentId: options.id },
    orderBy: { version: "desc" },
    take: options.limit,
    select: { version: true, op: true, createdAt: true, author: { select: { id: true, name: true } } },
  });
  return rows.map((r) => ({
    version: r.version,
    author: r.author,
    createdAt: r.createdAt.toISOString(),
    ...summarize(r.op as TextOp),
  }));
}

/** Rebuilds the text as it was at `version` from the op log. */
async function textAt(documentId: string, version: number, tx: Tx) {
  let text = "";
  for (let from = 0; from < version; from += 1_000) {
    const ops = await tx.documentOperation.findMany({
      where: { documentId, version: { gt: from, lte: Math.min(version, from + 1_000) } },
      orderBy: { version: "asc" },
      select: { op: true },
    });
    for (const row of ops) text = ot.apply(text, row.op as TextOp);
  }
  return text;
}

export function restoreVersion(options: { actor: Actor; id: string; version: number }) {
  // The author as events and the log carry it: id and name only.
  const author = { id: options.actor.id, name: options.actor.name };
  return transactionWithEvents(db, async (tx) => {
    await requireAccess(tx, options.actor.id, options.id, "edit");
    let doc = await lockDocument(tx, options.id);
    if (options.version > doc.version) {
      throw new AppError("BAD_REQUEST", `Version ${options.version} does not exist yet (the document is at ${doc.version}).`);
    }
    const target = await textAt(doc.id, options.version, tx);
    // Big differences travel as several ops (each one event).
    const pieces = splitOp(diffToOp(doc.text, target));
    const clientId = `restore-${randomUUID()}`;
    for (const [i, op] of pieces.entries()) {
      const text = ot.apply(doc.text, op);
      doc = await commitOperation(tx, doc, { op, text, author, clientId, clientSeq: i + 1 });
    }
    return { version: doc.version, text: doc.text };
  });
}
