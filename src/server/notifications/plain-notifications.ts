// The fast path of notifications on their own (notify(), an admin's message,
// the REST API): one autocommit statement reads what each decision needs
// and, for each that is a plain inbox entry, writes the row, its event
// (numbered, with the unread count it leaves) and the audit entry, if any.
//
// Group commit: calls that arrive while such statements run wait and go
// together in the next one, so under load several notifications share one
// statement, one commit and one trigger run. A notification on its own
// waits for nothing: with a statement slot free it is sent at once. (Under
// load the app's CPU per notification was the ceiling, and a statement per
// notification, with its commit and its round trip, was the largest part
// of it; docs/benchmarks.md.)
import "server-only";
import DataLoader from "dataloader";
import { Prisma } from "@/generated/prisma/client";
import type { NotificationView } from "@/lib/events";
import { channels } from "@/lib/realtime/channel-names";
import { thumbnailUrl } from "@/lib/uploads";
import { auditFields, auditRowsSql, type AuditRecord } from "../audit";
import { PREPARED_POOL_SIZE, queryPrepared } from "../db";
import { appendEventPerRowSql, checkedPayload, type AppendedEvent, type EventGate } from "../realtime/outbox";
import type { NotifyInput } from "./notify";
import { factsOfSql, inAppRule, inAppSql, type RecipientFacts } from "./preferences";

export type PlainNotification = {
  who: { id: string } | { email: string };
  input: Omit<NotifyInput, "recipientId">;
  /** The entry as its event shows it; the sender's name and avatar are filled in by the statement. */
  draft: NotificationView;
  audit?: AuditRecord;
};

/** The recipient's facts, with the event's columns when the statement wrote the entry; null when nobody is `who`. */
export type PlainAnswer = (RecipientFacts & Partial<AppendedEvent>) | null;

// Statements in flight at once. Normally one: the calls that arrive while it
// runs gather for the next. (Two halved the notifications per statement in
// `npm run bench`, 2.2 against 3.9, for no more throughput.) A statement can
// wait for a person's channel lock, which another change may hold for a
// while: a batch that has waited MAX_WAIT_MS goes beside it, up to
// MAX_IN_FLIGHT (the connections queryPrepared has), so one person's lock
// holds up only the notifications in that person's statement.
const STATEMENTS_IN_FLIGHT = 1;
const MAX_IN_FLIGHT = PREPARED_POOL_SIZE;
const MAX_WAIT_MS = 20;
// Past this, the calls waiting start another statement.
const MAX_PER_STATEMENT = 64;

let inFlight = 0;
type Waiting = { dispatch: () => void; timer: NodeJS.Timeout | null };
const waiting: Waiting[] = [];

const loader = new DataLoader<PlainNotification, PlainAnswer>(writeBatch, {
  cache: false,
  maxBatchSize: MAX_PER_STATEMENT,
  // Called when a batch starts gathering: it goes once the statement in
  // flight is done (or after MAX_WAIT_MS beside it), and gathers until then.
  batchScheduleFn(dispatch) {
    if (inFlight < STATEMENTS_IN_FLIGHT) {
      inFlight++;
      process.nextTick(dispatch);
      return;
    }
    const entry: Waiting = { dispatch, timer: null };
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (inFlight >= MAX_IN_FLIGHT) return; // it goes when a statement ends
      waiting.splice(waiting.indexOf(entry), 1);
      inFlight++;
      dispatch();
    }, MAX_WAIT_MS);
    entry.timer.unref();
    waiting.push(entry);
  },
});

/** Decides and, when it is a plain inbox entry, writes the notification (sharing a statement with others under load). */
export function writePlainNotification(notification: PlainNotification): Promise<PlainAnswer> {
  return loader.load(notification);
}

async function writeBatch(batch: readonly PlainNotification[]): Promise<(PlainAnswer | Error)[]> {
  try {
    const answers: (PlainAnswer | Error)[] = [];
    // A person's channel row is written once per statement: a second
    // notification for them (or the same person named by id and by email,
    // which fails the statement) goes in a statement after it.
    let rest = batch.map((notification, index) => ({ notification, index }));
    while (rest.length > 0) {
      const seen = new Set<string>();
      const now = rest.filter(({ notification: { who } }) => {
        const key = "id" in who ? `id:${who.id}` : `email:${who.email}`;
        return !seen.has(key) && seen.add(key);
      });
      await writeTogether(now, answers);
      rest = rest.filter((item) => !now.includes(item));
    }
    return answers;
  } finally {
    // The slot goes to the batch waiting longest, if any.
    const next = waiting.shift();
    if (next) {
      if (next.timer) clearTimeout(next.timer);
      process.nextTick(next.dispatch);
    } else {
      inFlight--;
    }
  }
}

/** One statement for them all; when it fails, each alone, so that only the one at fault fails. */
async function writeTogether(items: { notification: PlainNotification; index: number }[], answers: (PlainAnswer | Error)[]) {
  try {
    const { rows } = await queryPrepared<NonNullable<PlainAnswer> & { n: number }>(plainNotificationsSql(items.map((item) => item.notification)));
    for (const item of items) answers[item.index] = null;
    for (const row of rows) answers[items[row.n]!.index] = row;
  } catch (error) {
    if (items.length === 1) answers[items[0]!.index] = error instanceof Error ? error : new Error(String(error));
    else for (const item of items) await writeTogether([item], answers);
  }
}

/**
 * The statement: each notification's facts (`f`, numbered `n` from 0),
 * which of them call for a plain inbox entry (`plain`: the inbox half of
 * the rule, not grouped, no broadcasts waiting to be copied first), and for
 * those the audit entry, the row and its event, with the sender's name and
 * avatar read by `f`. It answers every recipient found, with the event's
 * columns where it wrote one. An event counts its entry (the trigger moves
 * the counter after the statement).
 */
function plainNotificationsSql(batch: readonly PlainNotification[]): Prisma.Sql {
  const [avatarBefore, avatarAfter] = thumbnailUrl("\u0000").split("\u0000");
  const prefix = channels.user("");
  // The inputs as one JSON document, a row per notification: pg would send
  // a column array each as text, escaping every element (the payloads'
  // quotes twice over), and PostgreSQL would parse each array and then each
  // payload in it again. One document took 0.05-0.1 ms less per statement
  // (docs/benchmarks.md).
  const inputs = batch.map((b, n) => ({
    n,
    forId: "id" in b.who ? b.who.id : null,
    forEmail: "email" in b.who ? b.who.email : null,
    forType: b.input.type,
    subjectKind: b.input.subject?.kind ?? null,
    subjectId: b.input.subject?.id ?? null,
    senderId: b.input.senderId ?? null,
    rule: b.input.group ? null : inAppRule(b.input),
    eventPayload: checkedPayload("notification.created", { notification: b.draft, unreadCount: 0, broadcastSeq: 0 }),
    ...auditFields(b.audit),
  }));
  const gate: EventGate = {
    ctes: Prisma.sql`
      i AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(inputs)}::jsonb)
        AS t(n int, "forId" text, "forEmail" text, "forType" text, "subjectKind" text, "subjectId" text, "senderId" text, rule text,
          "eventPayload" jsonb, "auditActor" text, "auditAction" text, "auditTarget" text, "auditDetails" jsonb)),
      f AS (${factsOfSql("i")}),
      plain AS (SELECT f.*, f."eventPayload"->'notification' AS draft FROM f
        WHERE f.rule IS NOT NULL AND ${inAppSql(Prisma.sql`f.rule`)} AND NOT f."needsCopies")`,
    from: "plain",
    channel: Prisma.sql`${prefix} || plain.id`,
    payload: Prisma.sql`plain."eventPayload" || jsonb_build_object('notification', plain.draft || jsonb_build_object(
      'senderName', plain."senderName", 'senderAvatarUrl', ${avatarBefore} || plain."senderAvatarId" || ${avatarAfter}))`,
    select: Prisma.sql`SELECT f.n, f.id, f."quietStart", f."quietEnd", f."timeZone", f."inApp", f.push, f.muted, f."hasDevices",
      f."needsCopies", f."senderName", f."senderAvatarId", e.*
      FROM f LEFT JOIN e ON e.channel = ${prefix} || f.id`,
  };
  // Grouped ones (rule null) are never plain: grouping takes notifyInTransaction.
  const rows = Prisma.sql`
    INSERT INTO "Notification" (id, "recipientId", "senderId", type, title, body, link, "createdAt", urgent, "groupActors",
      "subjectKind", "subjectId")
    SELECT plain.draft->>'id', plain.id, plain."senderId", plain.draft->>'type', plain.draft->>'title', plain.draft->>'body',
      plain.draft->>'link', (plain.draft->>'createdAt')::timestamptz AT TIME ZONE 'UTC', (plain.draft->>'urgent')::boolean,
      '{}'::text[], plain."subjectKind", plain."subjectId"
    FROM plain`;
  return appendEventPerRowSql(gate, "notification.created", { inbox: true, unreadChange: 1, also: [auditRowsSql("plain"), rows] });
}
