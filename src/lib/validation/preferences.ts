// Inputs of the notification preference procedures: shared by the settings
// page (validated as people choose) and the server (again on every call).
import { z } from "zod";
import { configurableTypes, deliveryChoices, MAX_SNOOZE_DAYS } from "@/lib/notifications/notification-types";

const id = z.string().min(1).max(64);

const MINUTES_PER_DAY = 24 * 60;

/** An IANA time zone name the runtime knows ("Europe/Paris", "UTC"). */
function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z
  .string()
  .trim()
  .min(1, "Choose a time zone")
  .max(64, "Not a time zone")
  .refine(isTimeZone, { message: "Not a time zone we know (use a name like Europe/Paris)" });

const minuteOfDay = z
  .number({ error: "Choose a time" })
  .int("Choose a whole minute")
  .min(0, "Choose a time between 00:00 and 23:59")
  .max(MINUTES_PER_DAY - 1, "Choose a time between 00:00 and 23:59");

export const setTypePreferenceInput = z.object({
  type: z.enum(configurableTypes, { error: "Not a notification type you can choose about" }),
  choice: z.enum(deliveryChoices, { error: "Choose how to get it" }),
});

const muteTargetKinds = ["room", "post", "conversation"] as const;
export const muteInput = z.object({
  kind: z.enum(muteTargetKinds, { error: "Only rooms, posts and conversations can be muted" }),
  targetId: id,
});

export const quietHoursInput = z
  .object({ start: minuteOfDay, end: minuteOfDay, timeZone })
  .refine((v) => v.start !== v.end, { message: "Quiet hours must start and end at different times", path: ["end"] });

export const snoozeInput = z.object({
  id,
  until: z.coerce
    .date({ error: "Choose when it should come back" })
    .refine((d) => d.getTime() > Date.now(), { message: "Choose a time in the future" })
    .refine((d) => d.getTime() <= Date.now() + MAX_SNOOZE_DAYS * 24 * 60 * 60 * 1000, {
      message: `Snooze for at most ${MAX_SNOOZE_DAYS} days`,
    }),
});

/** "22:30" → 1350; null when not a time. */
export function minutesFromClock(value: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** 1350 → "22:30". */
export function clockFromMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
