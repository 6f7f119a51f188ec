// Web Push subscriptions, one per device and browser. An endpoint belongs to
// the last person who subscribed with it (a shared device changes hands).
import { db } from "../db";

export async function subscribePush(options: {
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent?: string | null;
}) {
  const data = {
    userId: options.userId,
    p256dh: options.p256dh,
    auth: options.auth,
    userAgent: options.userAgent?.slice(0, 300) ?? null,
  };
  await db.pushSubscription.upsert({
    where: { endpoint: options.endpoint },
    create: { endpoint: options.endpoint, ...data },
    update: data,
  });
  return { subscribed: true };
}

export async function unsubscribePush(options: { userId: string; endpoint: string }) {
  await db.pushSubscription.deleteMany({ where: { userId: options.userId, endpoint: options.endpoint } });
  return { subscribed: false };
}

export async function pushStatus(options: { userId: string; endpoint?: string | null }) {
  const subscribed = options.endpoint
    ? (await db.pushSubscription.count({ where: { userId: options.userId, endpoint: options.endpoint } })) > 0
    : false;
  return { subscribed };
}
