// Ending sessions. A session is a signed token the server keeps no list of;
// each carries the user's session version from when it was issued, and a
// token behind the user's current version is refused (src/server/auth.ts).
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "../actor";
import { db } from "../db";
import { endLiveConnections } from "../realtime/end-connections";
import { transactionWithEvents } from "../realtime/outbox";

/**
 * "Sign out everywhere": every session issued so far ends; `renewSession`
 * then keeps the session that asked signed in at the new session version.
 */
export async function endAllSessions(options: {
  actor: Actor;
  renewSession: (sessionVersion: number) => Promise<void>;
}): Promise<void> {
  const { sessionVersion } = await bumpSessionVersion(options.actor.id, {});
  await options.renewSession(sessionVersion);
}

/**
 * Moves the person's session version on (with `data`, e.g. a new password,
 * in the same statement, so no session slips in between) and closes their
 * live connections when that commits: a signed-out tab's socket would
 * otherwise keep hearing its channels. Tabs of the session that asked
 * reconnect with its renewed cookie.
 */
export function bumpSessionVersion(userId: string, data: Prisma.UserUpdateInput): Promise<{ sessionVersion: number }> {
  return transactionWithEvents(db, async (tx) => {
    const updated = await tx.user.update({
      where: { id: userId },
      data: { ...data, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await endLiveConnections(tx, userId);
    return updated;
  });
}
