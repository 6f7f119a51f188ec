import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { hashPassword, verifyPassword } from "./password";
import { bumpSessionVersion } from "./sessions";

const profileSelect = { id: true, email: true, name: true, role: true, createdAt: true } as const;

export function getProfile(userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: profileSelect });
}

export function updateProfile(options: { userId: string; name: string }) {
  return db.user.update({ where: { id: options.userId }, data: { name: options.name }, select: profileSelect });
}

/** Changes the password and ends every session signed in with the old one; returns the new session version. */
export async function changePassword(options: {
  userId: string;
  currentPassword: string;
  newPassword: string;
}): Promise<{ sessionVersion: number }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: options.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(options.currentPassword, user.passwordHash))) {
    throw new AppError("BAD_REQUEST", "Your current password is not right", {
      currentPassword: ["This is not your current password"],
    });
  }
  return bumpSessionVersion(options.userId, { passwordHash: await hashPassword(options.newPassword) });
}
