// Demo accounts for a development machine (never run in production).
import type { PrismaClient } from "@/generated/prisma/client";
import { hashPassword } from "@/server/accounts/password";

export const DEMO_PASSWORD = "password";

export const demoAccounts = [
  { email: "admin@example.com", name: "Ada Admin", role: "ADMIN" },
  { email: "alice@example.com", name: "Alice", role: "USER" },
  { email: "bob@example.com", name: "Bob", role: "USER" },
  { email: "carol@example.com", name: "Carol", role: "USER" },
] as const;

/** Creates the demo accounts that do not exist yet; leaves existing ones alone. */
export async function seedDemoAccounts(prisma: PrismaClient): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of demoAccounts) {
    await prisma.user.upsert({
      where: { email: account.email },
      update: {},
      create: { ...account, passwordHash },
    });
  }
}
