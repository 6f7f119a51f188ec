// What a person chose for a notification: in the app, as a push, or not at
// all (per type), muted rooms and post threads, quiet hours. `notify()` asks
// here before it writes anything; urgent admin broadcasts skip mutes and
// quiet hours.
import "server-only";
import { ALWAYS_IN_APP_TYPES } from "@/lib/notifications/notification-types";
import { Prisma } from "@/generated/prisma/client";
import { sqlRunner, type Tx } from "../db";
import type { NotifyInput } from "./notify";

export type Delivery = {
  /** Written to the inbox (and counted, and sent live to open tabs). */
  inApp: boolean;
  /** Sent as a Web Push to the person's devices. */
  push: boolean;
};

const NOTHING: Delivery = { inApp: false, push: false };

/**
 * Everything the decision needs about a recipient, read in one statement:
 * their choice for the type, a mute of the subject, quiet hours, whether they
 * have a device to push to, and whether broadcasts wait to be copied into
 * their inbox (then the slower path copies them first).
 */
export type RecipientFacts = QuietHours & {
  id: string;
  inApp: boolean | null;
  push: boolean | null;
  muted: boolean;
  hasDevices: boolean;
  needsCopies: boolean;
  /** The sender's name, as the inbox entry shows it (null without a sender). */
  senderName: string | null;
  /** The sender's avatar upload, if any (read in the same statement). */
  senderAvatarId: string | null;
};

export function recipientFactsSql(
  who: { id: string } | { email: string },
  input: Pick<NotifyInput, "type" | "subject" | "senderId">,
): Prisma.Sql {
  return Prisma.sql`
    WITH i AS (SELECT ${"id" in who ? who.id : null}::text AS "forId", ${"email" in who ? who.email : null}::text AS "forEmail",
      ${input.type}::text AS "forType", ${input.subject?.kind ?? null}::text AS "subjectKind", ${input.subject?.id ?? null}::text AS "subjectId",
      ${input.senderId ?? null}::text AS "senderId")
    ${factsOfSql("i")}`;
}

/**
 * The facts of each row of `from`, a CTE naming the recipient (`forId`,
 * or `forEmail` when that is null), the notification's type (`forType`), its subject
 * (`subjectKind`, `subjectId`) and `senderId`: for one notification
 * (recipientFactsSql) or several at once (notify's statement). Rows whose
 * recipient does not exist are left out. The answer keeps `from`'s columns.
 * Every look-up is a lateral one by key (LIMIT 1 keeps the planner from
 * turning it into a join): the statement is planned once for any number
 * of rows (a generic plan), and a hash join planned that way read the
 * whole table of users for the sender.
 */
export function factsOfSql(from: string): Prisma.Sql {
  const i = Prisma.raw(from);
  return Prisma.sql`
    SELECT ${i}.*, u.id, u."quietStart", u."quietEnd", u."timeZone", p."inApp", p.push,
      mute.one IS NOT NULL AS muted, device.one IS NOT NULL AS "hasDevices",
      u."broadcastSeq" < (SELECT coalesce(max(b.seq), 0) FROM "Broadcast" b) AS "needsCopies",
      sender.name AS "senderName", sender."avatarUploadId" AS "senderAvatarId"
    FROM ${i}
    CROSS JOIN LATERAL (
      SELECT x.id, x."quietStart", x."quietEnd", x."timeZone", x."broadcastSeq" FROM "User" x WHERE x.id = ${i}."forId"
      UNION ALL
      SELECT x.id, x."quietStart", x."quietEnd", x."timeZone", x."broadcastSeq" FROM "User" x
      WHERE ${i}."forId" IS NULL AND x.email = ${i}."forEmail") u
    LEFT JOIN LATERAL (SELECT p."inApp", p.push FROM "NotificationPreference" p
      WHERE p."userId" = u.id AND p.type = ${i}."forType" LIMIT 1) p ON true
    LEFT JOIN LATERAL (SELECT s.name, s."avatarUploadId" FROM "User" s WHERE s.id = ${i}."senderId" LIMIT 1) sender ON true
    LEFT JOIN LATERAL (SELECT 1 AS one FROM "NotificationMute" m
      WHERE m."userId" = u.id AND m.kind = ${i}."subjectKind" AND m."targetId" = ${i}."subjectId" LIMIT 1) mute ON true
    LEFT JOIN LATERAL (SELECT 1 AS one FROM "PushSubscription" d WHERE d."userId" = u.id LIMIT 1) device ON true`;
}

export async function decideDelivery(
  tx: Tx,
  input: Pick<NotifyInput, "recipientId" | "type" | "subject" | "urgent">,
  now: Date = new Date(),
): Promise<Delivery> {
  const [facts] = await sqlRunner(tx)<RecipientFacts>(recipientFactsSql({ id: input.recipientId }, input));
  return facts ? deliveryFor(facts, input, now) : NOTHING;
}

/** The rule itself, on facts read by recipientFactsSql. */
export function deliveryFor(
  facts: RecipientFacts,
  input: Pick<NotifyInput, "type" | "subject" | "urgent">,
  now: Date = new Date(),
): Delivery {
  const urgent = input.urgent === true;
  if (!urgent && facts.muted) return NOTHING;
  // An admin writing to one person, and anything urgent, always reaches the
  // inbox: the choice per type decides only whether it also pushes.
  const inApp = urgent || ALWAYS_IN_APP_TYPES.includes(input.type) || (facts.inApp ?? true);
  const push = wantsPush({ push: facts.push, hours: facts, urgent, now });
  return { inApp, push };
}

/**
 * The inbox half of deliveryFor, in two parts for notify()'s statement that
 * decides and writes at once, for several notifications each with its own
 * rule: which rule the input follows (here), and the rule as SQL on
 * recipientFactsSql's columns (inAppSql, as `f`, with the rule as `rule`).
 * Keep them alike with deliveryFor; preferences.test.ts goes through both
 * (types off, mutes, admin messages, urgent ones).
 */
export type InAppRule = "urgent" | "always" | "choice";

export function inAppRule(input: Pick<NotifyInput, "type" | "urgent">): InAppRule {
  if (input.urgent === true) return "urgent";
  return ALWAYS_IN_APP_TYPES.includes(input.type) ? "always" : "choice";
}

export function inAppSql(rule: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`CASE ${rule} WHEN 'urgent' THEN true WHEN 'always' THEN NOT f.muted
    ELSE NOT f.muted AND coalesce(f."inApp", true) END`;
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
function minuteOfDay(at: Date, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  } catch {
    return at.getUTCHours() * 60 + at.getUTCMinutes();
  }
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value("hour") * 60 + value("minute");
}
