// The admin's side of dead letters (src/server/realtime/dead-letter.ts): the
// list, and dealing with one: marking it resolved, or sending its event again
// once what made the server refuse it is fixed. Either is audited and heard
// live on `private-admin` by every admin page.
import "server-only";
import type { Actor } from "../actor";
import { AppError } from "../errors";
import { db } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { appendAgain, deadLetterSelect, toDeadLetterView } from "../realtime/dead-letter";
import { appendEvent, channelHead, transactionWithEvents } from "../realtime/outbox";
import { recordAudit } from "../audit";

/** The most an admin page lists; more than this waiting means a bug to fix, not letters to click through. */
const LIST_LIMIT = 100;

/** The unresolved dead letters, newest first, and the `private-admin` event id the list includes. */
export async function listDeadLetters() {
  // The head first: every event up to it committed before the rows are read.
  const head = await channelHead(db, channels.admin());
  const [rows, unresolved] = await Promise.all([
    db.deadLetter.findMany({
      where: { resolvedAt: null },
      orderBy: { id: "desc" },
      take: LIST_LIMIT,
      select: deadLetterSelect,
    }),
    db.deadLetter.count({ where: { resolvedAt: null } }),
  ]);
  return { head, unresolved, items: rows.map(toDeadLetterView) };
}

/**
 * Deals with a dead letter: RESOLVED (nothing more to send), or RETRIED (its
 * event is written again as the channel's newest, and published as any
 * other; refused again, it comes back as a new dead letter).
 */
export async function resolveDeadLetter(options: { actor: Actor; id: string; resolution: "RESOLVED" | "RETRIED" }) {
  const id = BigInt(options.id);
  return transactionWithEvents(db, async (tx) => {
    // The update takes the row's lock: of two admins clicking at once, the second finds it dealt with.
    const updated = await tx.deadLetter.updateMany({
      where: { id, resolvedAt: null },
      data: { resolvedAt: new Date(), resolution: options.resolution, resolvedById: options.actor.id },
    });
    if (updated.count === 0) {
      const exists = await tx.deadLetter.count({ where: { id } });
      throw exists
        ? new AppError("CONFLICT", "Another admin already dealt with this dead letter.")
        : new AppError("NOT_FOUND", "There is no such dead letter.");
    }
    const dead = await tx.deadLetter.findUniqueOrThrow({ where: { id }, select: { ...deadLetterSelect, payload: true } });
    if (options.resolution === "RETRIED") await appendAgain(tx, dead);
    const view = toDeadLetterView(dead);
    await appendEvent(tx, channels.admin(), "dead-letter.resolved", { deadLetter: view });
    await recordAudit(tx, {
      actorId: options.actor.id,
      action: options.resolution === "RETRIED" ? "dead-letter.retried" : "dead-letter.resolved",
      target: `${dead.type} on ${dead.channel}`,
      details: { deadLetterId: options.id, seq: view.seq },
    });
    return view;
  });
}
