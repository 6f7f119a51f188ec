// Scheduling a maintenance message: checked as the admin types and again on
// the server (which also requires the end to be in the future).
import { z } from "zod";

const MAINTENANCE_MESSAGE_MAX = 280;

const instant = z.iso.datetime({ offset: true, error: "Pick a date and time" });

const message = z
  .string()
  .trim()
  .min(1, "Say what people should know")
  .max(MAINTENANCE_MESSAGE_MAX, `Keep it under ${MAINTENANCE_MESSAGE_MAX} characters`);

export const scheduleMaintenanceInput = z
  .object({
    message,
    startsAt: instant,
    endsAt: instant,
  })
  .refine((v) => Date.parse(v.endsAt) > Date.parse(v.startsAt), {
    path: ["endsAt"],
    message: "The end must come after the start",
  });
export type ScheduleMaintenanceInput = z.infer<typeof scheduleMaintenanceInput>;

export const maintenanceIdInput = z.object({ id: z.string().min(1).max(64) });

export const auditLogInput = z.object({
  cursor: z.string().regex(/^\d+$/).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

/**
 * The admin's form: dates as a datetime-local field holds them (the
 * browser's local time); they become instants when sent.
 */
export const maintenanceFormFields = z
  .object({
    message,
    startsAt: z.string().min(1, "Pick a date and time"),
    endsAt: z.string().min(1, "Pick a date and time"),
  })
  .refine((v) => !v.startsAt || !v.endsAt || Date.parse(v.endsAt) > Date.parse(v.startsAt), {
    path: ["endsAt"],
    message: "The end must come after the start",
  });
