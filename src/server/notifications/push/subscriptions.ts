// Web Push subscriptions, one per device and browser. An endpoint is bound to
// the person who registered it: someone else sending it is refused (else they
// could take over another person's pushes, or push-bomb a device that is not
// theirs). A shared browser that changes hands makes a new subscription (the
// settings toggle does this when it is refused), and the old one is removed
// when its push service answers "gone".
import "server-only";
import type { Actor } from "../../actor";
import { db } from "../../db";
import { env } from "../../env";
import { AppError, isUniqueViolation } from "../../errors";
import { assertPublicPushEndpoint } from "./push-endpoint";

const TAKEN = "This browser's push subscription belongs to another account. Turn push notifications on again to make a new one.";

export async function subscribePush(options: {
  actor: Actor;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  userAgent?: string | null;
}) {
  const userId = options.actor.id;
  await assertPublicPushEndpoint(options.endpoint);
  const data = { p256dh: options.keys.p256dh, auth: options.keys.auth, userAgent: options.userAgent?.slice(0, 300) ?? null };
  try {
    await db.$transaction(async (tx) => {
      // One person's subscribes queue here, so the cap below holds when two
      // devices subscribe at once.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`push-devices:${userId}`}))`;
      const existing = await tx.pushSubscription.findUnique({ where: { endpoint: options.endpoint }, select: { userId: true } });
      if (existing && existing.userId !== userId) throw new AppError("CONFLICT", TAKEN);
      if (existing) {
        await tx.pushSubscription.update({ where: { endpoint: options.endpoint }, data });
        return;
      }
      await tx.pushSubscription.create({ data: { userId, endpoint: options.endpoint, ...data } });
      // Over the cap, the device registered longest ago goes: browsers renew
      // subscriptions and stale ones linger until a push finds them gone, so
      // the newest device is the one most likely to be in use.
      const surplus = await tx.pushSubscription.findMany({
        where: { userId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        skip: env().PUSH_MAX_DEVICES,
        select: { id: true },
      });
      if (surplus.length) await tx.pushSubscription.deleteMany({ where: { id: { in: surplus.map((s) => s.id) } } });
    });
  } catch (error) {
    // Two people registering one new endpoint at once: the unique index decides.
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", TAKEN);
    throw error;
  }
  return { subscribed: true };
}

export async function unsubscribePush(options: { actor: Actor; endpoint: string }) {
  await db.pushSubscription.deleteMany({ where: { userId: options.actor.id, endpoint: options.endpoint } });
  return { subscribed: false };
}

export async function pushStatus(options: { actor: Actor; endpoint?: string | null }) {
  const subscribed = options.endpoint
    ? (await db.pushSubscription.count({ where: { userId: options.actor.id, endpoint: options.endpoint } })) > 0
    : false;
  return { subscribed };
}
