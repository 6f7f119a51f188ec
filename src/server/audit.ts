// The audit log: every admin action writes who did what, to what, and when,
// in the action's own transaction. Admins read it newest first.
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db, sqlRunner, type Tx } from "./db";

export type AuditRecord = {
  /** Null: done on the server's command line (`npm run admin`), by no account; `details.via` says so. */
  actorId: string | null;
  /** A stable verb: "notification.sent", "maintenance.scheduled", ... */
  action: string;
  /** What it was about, as a person reads it. */
  target?: string;
  details?: Prisma.InputJsonObject;
};

export async function recordAudit(tx: Tx, record: AuditRecord): Promise<void> {
  await sqlRunner(tx)(auditSql(record));
}

/** The audit entry's insert, for any transaction. */
export function auditSql(record: AuditRecord): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "AuditEntry" ("actorId", action, target, details, "createdAt")
    VALUES (${record.actorId}, ${record.action}, ${record.target ?? null},
      ${JSON.stringify(record.details ?? {})}::jsonb, now() AT TIME ZONE 'UTC')`;
}

/**
 * An audit entry per row of `from`, a CTE of the same statement with the
 * record as columns (`auditActor`, `auditAction`, `auditTarget`,
 * `auditDetails` as jsonb; see auditFields); rows without an action have
 * none. The notification fast path writes its entries this way.
 */
export function auditRowsSql(from: string): Prisma.Sql {
  const r = Prisma.raw(from);
  return Prisma.sql`
    INSERT INTO "AuditEntry" ("actorId", action, target, details, "createdAt")
    SELECT ${r}."auditActor", ${r}."auditAction", ${r}."auditTarget", ${r}."auditDetails", now() AT TIME ZONE 'UTC'
    FROM ${r} WHERE ${r}."auditAction" IS NOT NULL`;
}

/** A record (or none) as the columns auditRowsSql reads. */
export function auditFields(record: AuditRecord | undefined) {
  return {
    auditActor: record?.actorId ?? null,
    auditAction: record?.action ?? null,
    auditTarget: record?.target ?? null,
    auditDetails: record ? (record.details ?? {}) : null,
  };
}

export async function listAudit(options: { cursor?: string | null; limit: number }) {
  const rows = await db.auditEntry.findMany({
    where: options.cursor ? { id: { lt: BigInt(options.cursor) } } : {},
    orderBy: { id: "desc" },
    take: options.limit + 1,
    select: {
      id: true,
      action: true,
      target: true,
      details: true,
      createdAt: true,
      actor: { select: { name: true, email: true } },
    },
  });
  const items = rows.slice(0, options.limit).map((row) => ({
    id: row.id.toString(),
    action: row.action,
    target: row.target,
    details: row.details as Record<string, unknown>,
    at: row.createdAt.toISOString(),
    actor: row.actor ?? { name: fromCommandLine(row.details) ? "The command line" : "A deleted account", email: null },
  }));
  return { items, nextCursor: rows.length > options.limit ? items.at(-1)!.id : null };
}

function fromCommandLine(details: Prisma.JsonValue): boolean {
  return typeof details === "object" && details !== null && !Array.isArray(details) && details.via === "command line";
}
