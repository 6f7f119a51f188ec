// The VAPID key pair that signs pushes: from settings when given, otherwise
// made on first start and kept in the database (one row), so subscriptions
// made against it keep working after a restart.
import "server-only";
import webpush from "web-push";
import { db } from "../../db";
import { env } from "../../env";

export type VapidDetails = { subject: string; publicKey: string; privateKey: string };

let cached: Promise<VapidDetails> | undefined;

async function load(): Promise<VapidDetails> {
  const settings = env();
  if (settings.VAPID_PUBLIC_KEY && settings.VAPID_PRIVATE_KEY) {
    return { subject: settings.VAPID_SUBJECT, publicKey: settings.VAPID_PUBLIC_KEY, privateKey: settings.VAPID_PRIVATE_KEY };
  }
  const made = webpush.generateVAPIDKeys();
  // Two instances starting at once: the first row wins, both read it back.
  await db.vapidKeys.createMany({ data: [{ id: 1, ...made }], skipDuplicates: true });
  const row = await db.vapidKeys.findUniqueOrThrow({ where: { id: 1 } });
  return { subject: settings.VAPID_SUBJECT, publicKey: row.publicKey, privateKey: row.privateKey };
}

export function vapidDetails(): Promise<VapidDetails> {
  cached ??= load().catch((error: unknown) => {
    cached = undefined; // try again next time
    throw error;
  });
  return cached;
}

/** The public half, which browsers subscribe with. */
export async function pushPublicKey(): Promise<{ publicKey: string }> {
  return { publicKey: (await vapidDetails()).publicKey };
}
