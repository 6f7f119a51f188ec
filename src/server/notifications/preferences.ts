// What a person chose for a notification: in the app, as a push, or not at
// all (per type), muted rooms and post threads, quiet hours. `notify()` asks
// here before it writes anything; urgent admin broadcasts skip mutes and
// quiet hours.
import { ALWAYS_IN_APP_TYPES } from "@/lib/notifications/notification-types";
import type { Tx } from "../db";
import type { NotifyInput } from "./notify";

export type Delivery = {
  /** Written to the inbox (and counted, and sent live to open tabs). */
  inApp: boolean;
  /** Sent as a Web Push to the person's devices. */
  push: boolean;
};

const NOTHING: Delivery = { inApp: false, push: false };

export async function decideDelivery(
  tx: Tx,
  input: Pick<NotifyInput, "recipientId" | "type" | "subject" | "urgent">,
  now: Date = new Date(),
): Promise<Delivery> {
  const urgent = input.urgent === true;
  if (!urgent && input.subject) {
    const muted = await tx.notificationMute.findUnique({
      where: { userId_kind_targetId: { userId: input.recipientId, kind: input.subject.kind, targetId: input.subject.id } },
      select: { userId: true },
    });
    if (muted) return NOTHING;
  }
  const preference = await tx.notificationPreference.findUnique({
    where: { userId_type: { userId: input.recipientId, type: input.type } },
    select: { inApp: true, push: true },
  });
  // An admin writing to one person, and anything urgent, always reaches the
  // inbox: the choice per type decides only whether it also pushes.
  const inApp = urgent || ALWAYS_IN_APP_TYPES.includes(input.type) || (preference?.inApp ?? true);
  let push = preference?.push ?? true;
  if (push && !urgent) {
    const user = await tx.user.findUnique({
      where: { id: input.recipientId },
      select: { quietStart: true, quietEnd: true, timeZone: true },
    });
    push = wantsPush({ push: true, hours: user, urgent, now });
  }
  return { inApp, push };
}

/**
 * The push half of the rule, for callers that read the preference and the
 * quiet hours of many people at once (announcement-push.ts): their choice
 * for the type (no row = push), then quiet hours, which urgent ones ignore.
 */
export function wantsPush(person: { push: boolean | null; hours: QuietHours | null; urgent: boolean; now: Date }): boolean {
  if (!(person.push ?? true)) return false;
  return person.urgent || !person.hours || !isQuietTime(person.hours, person.now);
}

export type QuietHours = { quietStart: number | null; quietEnd: number | null; timeZone: string | null };

/**
 * Whether `now` falls in the person's quiet hours, read on their own clock.
 * The window includes its start and excludes its end; a start after the end
 * wraps past midnight (22:00-07:00).
 */
export function isQuietTime(hours: QuietHours, now: Date): boolean {
  const { quietStart: start, quietEnd: end } = hours;
  if (start === null || end === null || start === end) return false;
  const minute = minuteOfDay(now, hours.timeZone ?? "UTC");
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** Minutes after local midnight in `timeZone` (an unknown zone reads as UTC). */
export function minuteOfDay(at: Date, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  } catch {
    return at.getUTCHours() * 60 + at.getUTCMinutes();
  }
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value("hour") * 60 + value("minute");
}
