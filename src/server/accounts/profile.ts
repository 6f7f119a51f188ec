import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { hashPassword, verifyPassword } from "./password";
import { bumpSessionVersion } from "./sessions";

const profileSelect = { id: true, email: true, name: true, role: true, createdAt: true } as const;

export function getProfile(options: { actor: Actor }) {
  return db.user.findUniqueOrThrow({ where: { id: options.actor.id }, select: profileSelect });
}

export function updateProfile(options: { actor: Actor; name: string }) {
  return db.user.update({ where: { id: options.actor.id }, data: { name: options.name }, select: profileSelect });
}

/**
 * Changes the password and ends every session signed in with the old one;
 * `renewSession` then keeps the session that asked signed in at the new
 * session version.
 */
export async function changePassword(options: {
  actor: Actor;
  currentPassword: string;
  newPassword: string;
  renewSession: (sessionVersion: number) => Promise<void>;
}): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: options.actor.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(options.currentPassword, user.passwordHash))) {
    throw new AppError("BAD_REQUEST", "Your current password is not right", {
      currentPassword: ["This is not your current password"],
    });
  }
  const { sessionVersion } = await bumpSessionVersion(options.actor.id, { passwordHash: await hashPassword(options.newPassword) });
  await options.renewSession(sessionVersion);
}
