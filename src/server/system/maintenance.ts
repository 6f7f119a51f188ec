// Maintenance messages. Scheduling one publishes it on the public `system`
// channel at once; every open page then shows it from its start until its
// end by its own timer, corrected by the server's clock (so nothing has to
// run on the server at the start or the end). A page opened meanwhile gets
// the windows that have not ended with its first render.
import "server-only";
import type { MaintenanceWindowView } from "@/lib/events";
import type { ScheduleMaintenanceInput } from "@/lib/validation/maintenance";
import type { Actor } from "../actor";
import { Prisma } from "@/generated/prisma/client";
import { db, queryPrepared } from "../db";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";

/** Windows announced ahead of time, at most; beyond it they are refused. */
const MAX_AHEAD_DAYS = 365;

type WindowRow = { id: string; message: string; startsAt: Date; endsAt: Date };

function toView(row: WindowRow): MaintenanceWindowView {
  return { id: row.id, message: row.message, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() };
}

const windowSelect = { id: true, message: true, startsAt: true, endsAt: true } as const;

export function scheduleMaintenance({ actor, ...input }: ScheduleMaintenanceInput & { actor: Actor }) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt.getTime() <= Date.now()) {
    throw new AppError("BAD_REQUEST", "That window has already ended.", { endsAt: ["The end must be in the future"] });
  }
  if (startsAt.getTime() > Date.now() + MAX_AHEAD_DAYS * 86_400_000) {
    throw new AppError("BAD_REQUEST", "That is too far ahead.", { startsAt: ["Start within a year from now"] });
  }
  return transactionWithEvents(db, async (tx) => {
    const row = await tx.maintenanceWindow.create({
      data: { message: input.message, startsAt, endsAt, createdById: actor.id },
      select: windowSelect,
    });
    const window = toView(row);
    await appendEvent(tx, channels.system(), "maintenance.scheduled", { window });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "maintenance.scheduled",
      target: input.message,
      details: { id: row.id, startsAt: window.startsAt, endsAt: window.endsAt },
    });
    return window;
  });
}

export function cancelMaintenance({ actor, id }: { actor: Actor; id: string }) {
  return transactionWithEvents(db, async (tx) => {
    const found = await tx.maintenanceWindow.findUnique({ where: { id }, select: { message: true, cancelledAt: true } });
    if (!found || found.cancelledAt) throw new AppError("NOT_FOUND", "That maintenance window is not scheduled.");
    await tx.maintenanceWindow.update({ where: { id }, data: { cancelledAt: new Date() } });
    await appendEvent(tx, channels.system(), "maintenance.cancelled", { id });
    await recordAudit(tx, { actorId: actor.id, action: "maintenance.cancelled", target: found.message, details: { id } });
    return { id };
  });
}

/**
 * The windows that have not ended, soonest first, with the system channel's
 * event id from the same snapshot and the server's clock (pages time the
 * banner by it, not by their own clock). One statement, so one snapshot:
 * every page's layout asks for it, and a Prisma transaction for it cost
 * four round trips and about 1.4 ms of CPU.
 */
export async function currentMaintenance() {
  const { rows } = await queryPrepared<{ head: number } & Partial<WindowRow>>(
    Prisma.sql`
      SELECT h.head, w.id, w.message, w."startsAt", w."endsAt"
      FROM (SELECT COALESCE((SELECT "lastSeq"::int FROM "ChannelSequence" WHERE channel = ${channels.system()}), 0) AS head) h
      LEFT JOIN LATERAL (
        SELECT id, message, "startsAt" AT TIME ZONE 'UTC' AS "startsAt", "endsAt" AT TIME ZONE 'UTC' AS "endsAt"
        FROM "MaintenanceWindow"
        WHERE "cancelledAt" IS NULL AND "endsAt" > now() AT TIME ZONE 'UTC'
        ORDER BY "startsAt" LIMIT 20) w ON true
      ORDER BY w."startsAt"`,
  );
  const windows = rows.filter((row): row is { head: number } & WindowRow => row.id != null).map(toView);
  return { windows, head: rows[0]?.head ?? 0, serverNow: new Date().toISOString() };
}
