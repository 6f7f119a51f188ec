import { randomUUID } from "node:crypto";
import type { Role } from "@/generated/prisma/enums";
import { hashPassword } from "@/server/accounts/password";
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";

export const TEST_PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | undefined;

/** A new user with a unique email (tests share one database). */
export async function createUser(options: { role?: Role; name?: string } = {}): Promise<SessionUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const tag = randomUUID().slice(0, 8);
  return db.user.create({
    data: {
      email: `user-${tag}@test.example`,
      name: options.name ?? `User ${tag}`,
      role: options.role ?? "USER",
      passwordHash: await passwordHash,
    },
    select: { id: true, email: true, name: true, role: true },
  });
}
