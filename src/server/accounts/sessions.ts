// Ending sessions. A session is a signed token the server keeps no list of;
// each carries the user's session version from when it was issued, and a
// token behind the user's current version is refused (src/server/auth.ts).
import { db } from "../db";

/** "Sign out everywhere": every session issued so far ends; returns the new session version. */
export function endAllSessions(options: { userId: string }): Promise<{ sessionVersion: number }> {
  return db.user.update({
    where: { id: options.userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
}
