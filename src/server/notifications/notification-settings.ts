// A person's notification settings: the choice per type and quiet hours.
// Mutes (mutes/mutes.ts) and snoozes (snooze.ts) live elsewhere.
import "server-only";
import {
  choiceOf,
  deliveryOf,
  notificationTypes,
  type ConfigurableType,
  type DeliveryChoice,
} from "@/lib/notifications/notification-types";
import type { Actor } from "../actor";
import { db } from "../db";

export async function getNotificationSettings({ actor }: { actor: Actor }) {
  const userId = actor.id;
  const [preferences, user] = await Promise.all([
    db.notificationPreference.findMany({ where: { userId }, select: { type: true, inApp: true, push: true } }),
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { quietStart: true, quietEnd: true, timeZone: true } }),
  ]);
  const byType = new Map(preferences.map((p) => [p.type, p]));
  return {
    types: notificationTypes.map(({ type }) => ({
      type: type as ConfigurableType,
      choice: choiceOf(byType.get(type) ?? { inApp: true, push: true }),
    })),
    quietHours:
      user.quietStart !== null && user.quietEnd !== null
        ? { start: user.quietStart, end: user.quietEnd, timeZone: user.timeZone ?? "UTC" }
        : null,
  };
}

export async function setTypePreference({ actor, ...input }: { actor: Actor; type: ConfigurableType; choice: DeliveryChoice }) {
  const userId = actor.id;
  const delivery = deliveryOf(input.choice);
  // The default (both) is stored as no row, so "no row = both" stays the one rule.
  if (delivery.inApp && delivery.push) {
    await db.notificationPreference.deleteMany({ where: { userId, type: input.type } });
  } else {
    await db.notificationPreference.upsert({
      where: { userId_type: { userId, type: input.type } },
      create: { userId, type: input.type, ...delivery },
      update: delivery,
    });
  }
  return { type: input.type, choice: input.choice };
}

export async function setQuietHours({ actor, ...input }: { actor: Actor; start: number; end: number; timeZone: string }) {
  await db.user.update({
    where: { id: actor.id },
    data: { quietStart: input.start, quietEnd: input.end, timeZone: input.timeZone },
  });
  return input;
}

export async function clearQuietHours({ actor }: { actor: Actor }) {
  // The time zone stays: it is the person's, not only the quiet hours'.
  await db.user.update({ where: { id: actor.id }, data: { quietStart: null, quietEnd: null } });
  return null;
}
