// Changing a person's role (the admin page, the REST API and the
// `npm run admin -- promote` command). The new role takes effect on the
// person's next request at once: every request re-reads the role from the
// database (src/server/auth.ts), and access tokens never grant `admin`
// beyond their owner's role. Their sessions are not ended (a demoted admin
// stays signed in, as a user); their live connections are: a signature for
// `private-admin` or `private-role.ADMIN` stays good as long as its socket
// lives, so the sockets are closed when the change commits and the tabs
// subscribe again under the new role (src/server/realtime/end-connections.ts).
import "server-only";
import type { Role } from "@/generated/prisma/enums";
import type { Actor } from "../actor";
import { db, type Db, type Tx } from "../db";
import { AppError } from "../errors";
import { endLiveConnections } from "../realtime/end-connections";
import { transactionWithEvents } from "../realtime/outbox";
import { recordAudit } from "../audit";

/** Who changes it: an admin, or the command line on the server (no account). */
type RoleChangeActor = Actor | { commandLine: true };

export type RoleChangeOptions = { actor: RoleChangeActor; userId: string; role: Role };

const personSelect = { id: true, name: true, email: true, role: true } as const;

export function changeRole(options: RoleChangeOptions) {
  return transactionWithEvents(db, (tx) => changeRoleInTransaction(tx, options));
}

/** For callers with a database of their own (the command line). */
export function changeRoleWith(client: Db, options: RoleChangeOptions) {
  return client.$transaction((tx) => changeRoleInTransaction(tx, options));
}

async function changeRoleInTransaction(tx: Tx, { actor, userId, role }: RoleChangeOptions) {
  // Every admin's row, locked in one order: two admins demoting each other
  // at once then take turns, and the second sees that only one is left.
  // NO KEY UPDATE: it does not wait for notifications being inserted for
  // them (their foreign key holds KEY SHARE on the row).
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User" WHERE role = 'ADMIN' ORDER BY id FOR NO KEY UPDATE`;
  const person = await tx.user.findUnique({ where: { id: userId }, select: personSelect });
  if (!person) throw new AppError("NOT_FOUND", "That person no longer exists.");
  if (person.role === role) return { user: person, changed: false };
  if (person.role === "ADMIN" && admins.length <= 1) {
    throw new AppError(
      "CONFLICT",
      `${person.name} is the only admin. Make someone else an admin first, or nobody could run this install.`,
      { role: ["The last admin cannot be made a user"] },
    );
  }
  const user = await tx.user.update({ where: { id: person.id }, data: { role }, select: personSelect });
  await endLiveConnections(tx, person.id);
  await recordAudit(tx, {
    actorId: "commandLine" in actor ? null : actor.id,
    action: "user.role-changed",
    target: person.email,
    details: { userId: person.id, from: person.role, to: role, ...("commandLine" in actor ? { via: "command line" } : {}) },
  });
  return { user, changed: true };
}
