// The demo accounts: created through the same seed function the tests use,
// and printed so that a newcomer can sign in at once.
import { createDb } from "../../src/server/db";
import { DEMO_PASSWORD, demoAccounts, seedDemoAccounts } from "../../prisma/seed";

export async function seedDemoAccountsAt(databaseUrl: string, poolSize: number): Promise<void> {
  const { pool, prisma } = createDb(databaseUrl, poolSize);
  try {
    await seedDemoAccounts(prisma);
  } finally {
    await prisma.$disconnect();
    await pool.end().catch(() => undefined); // the adapter may have ended it already
  }
}

export function demoAccountsBanner(): string {
  const width = Math.max(...demoAccounts.map((a) => a.email.length));
  const lines = [
    `Demo accounts (dev only), password "${DEMO_PASSWORD}":`,
    ...demoAccounts.map((a) => `  ${a.email.padEnd(width)}  ${a.role === "ADMIN" ? "admin" : "user"}, ${a.name}`),
  ];
  const rule = "-".repeat(Math.max(...lines.map((l) => l.length)));
  return [rule, ...lines, rule].join("\n");
}
