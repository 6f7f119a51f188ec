// The one way any domain creates a notification: the row and its event are
// written in one transaction (the caller's, or one of its own), so a
// notification is pushed exactly when it exists. The person's preferences
// decide whether it is written and pushed at all; similar ones (same group
// key) collect under one inbox entry.
//
// A notification on its own (an admin's message, the REST API) takes the
// fast path (plain-notifications.ts): one autocommit statement, shared with
// the others sent meanwhile, reads everything the decision needs and, when
// it is a plain inbox entry, writes the row, its event and the audit entry,
// if any. Grouping, broadcast copies still to make, push-only ones, and
// notifications inside another service's transaction take the Prisma path.
import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { NotificationView } from "@/lib/events";
import { actionsFor, type SubjectKind } from "@/lib/notifications/actions";
import type { NotificationType } from "@/lib/notifications/notification-types";
import { thumbnailUrl } from "@/lib/uploads";
import { auditSql, type AuditRecord } from "../audit";
import { copyBroadcasts } from "./copy-broadcasts";
import { db, sqlRunner, type Tx } from "../db";
import { afterCommit, transactionWithEvents, type AppendedEvent } from "../realtime/outbox";
import { kickPublisher } from "../realtime/current-publisher";
import { pushNotification } from "./push/send-push";
import { addToGroup } from "./grouping";
import { deliveryFor, recipientFactsSql, type Delivery, type RecipientFacts } from "./preferences";
import { writePlainNotification } from "./plain-notifications";
import { appendInboxEvent, appendInboxEventWith } from "./unread";

export type NotifyInput = {
  recipientId: string;
  /** What kind it is (preferences are per kind). */
  type: NotificationType;
  title: string;
  body?: string;
  link?: string | null;
  senderId?: string | null;
  /**
   * What it is about, for mutes (a muted room or post thread delivers
   * nothing) and for the entry's actions (kept on the row: Reply on a post
   * or room, Accept / Decline on an invitation; src/lib/notifications/actions.ts).
   */
  subject?: { kind: SubjectKind; id: string };
  /** Sent by an admin as urgent: ignores mutes and quiet hours. */
  urgent?: boolean;
  /**
   * Similar notifications share a key ("post.commented:<post id>"): while the
   * entry is unread, a new one joins it and `summary` retitles it.
   */
  group?: { key: string; actor: string; summary: (actors: string[], count: number) => string };
};

/**
 * Creates a notification inside an open transaction. Returns the inbox entry
 * it made or joined, or null when the person's preferences keep it out of
 * the app.
 */
export async function notifyInTransaction(tx: Tx, input: NotifyInput) {
  const run = sqlRunner(tx);
  const [facts] = await run<RecipientFacts>(recipientFactsSql({ id: input.recipientId }, input));
  if (!facts) return null;
  const delivery = pushOnlyWithDevices(facts, deliveryFor(facts, input));
  if (!delivery.inApp) {
    if (delivery.push) afterCommit(tx, () => void pushNotification(input.recipientId, pushOnlyView(input)));
    return null;
  }
  const grouped = input.group ? await addToGroup(tx, input, input.group) : null;
  if (grouped) {
    await appendInboxEvent(tx, input.recipientId, "notification.updated", { notification: grouped });
    if (delivery.push) afterCommit(tx, () => void pushNotification(input.recipientId, grouped));
    return grouped;
  }
  // The insert's trigger takes the person's channel lock; copies made under
  // it are counted in the event (appendInboxEventWith's rule).
  const notification = newNotification(input, facts);
  await run(notificationInsertSql(input, notification));
  if (facts.needsCopies) await copyBroadcasts(tx, input.recipientId);
  await appendInboxEventWith(run, input.recipientId, "notification.created", { notification });
  // Web Push only once the notification exists for sure (after commit).
  if (delivery.push) afterCommit(tx, () => void pushNotification(input.recipientId, notification));
  return notification;
}

/** Creates a notification in its own transaction; null when preferences keep it out of the app. */
export async function notify(input: NotifyInput): Promise<NotificationView | null> {
  return (await deliver({ id: input.recipientId }, input))?.notification ?? null;
}

/**
 * Sends to the person with that email, with an audit entry written in the
 * same transaction. Null when nobody has the email; `notification` null when
 * preferences keep it out of the app.
 */
export function notifyAudited(
  who: { email: string },
  input: Omit<NotifyInput, "recipientId">,
  audit: AuditRecord,
): Promise<{ notification: NotificationView | null } | null> {
  return deliver(who, input, audit);
}

/**
 * The fast path's statement reads the person's facts and, when the
 * notification is a plain one for the inbox, writes it with its event (and
 * the audit entry); anything else (grouped, broadcasts to copy first, push
 * only, nothing at all) goes through notifyInTransaction. Null when nobody
 * is `who`.
 */
async function deliver(
  who: { id: string } | { email: string },
  input: Omit<NotifyInput, "recipientId">,
  audit?: AuditRecord,
): Promise<{ notification: NotificationView | null } | null> {
  const facts = await writePlainNotification({ who, input, draft: newNotification(input), audit });
  if (!facts) return null;
  const recipient = { ...input, recipientId: facts.id };
  if (!facts.eventId) {
    const notification = await transactionWithEvents(db, async (tx) => {
      if (audit) await sqlRunner(tx)(auditSql(audit));
      return notifyInTransaction(tx, recipient);
    });
    return { notification };
  }
  const event = facts as RecipientFacts & AppendedEvent;
  kickPublisher([event]);
  const { notification } = event.payload as { notification: NotificationView };
  if (pushOnlyWithDevices(facts, deliveryFor(facts, input)).push) void pushNotification(facts.id, notification);
  return { notification };
}

/** Nobody without a device is pushed to: saves the push's own look-ups after commit. */
function pushOnlyWithDevices(facts: RecipientFacts, delivery: Delivery): Delivery {
  return { ...delivery, push: delivery.push && facts.hasDevices };
}

/**
 * The new inbox entry as events show it; the row is written with these
 * values. The sender's name and avatar come from `facts`, or are filled in
 * by the statement that reads them (plain-notifications.ts).
 */
function newNotification(
  input: Omit<NotifyInput, "recipientId">,
  facts: Pick<RecipientFacts, "senderName" | "senderAvatarId"> = { senderName: null, senderAvatarId: null },
): NotificationView {
  return {
    id: randomUUID(),
    type: input.type,
    title: input.title,
    body: input.body ?? "",
    link: input.link ?? null,
    senderName: input.senderId ? facts.senderName : null,
    createdAt: new Date().toISOString(),
    readAt: null,
    groupCount: 1,
    actors: input.group ? [input.group.actor] : [],
    urgent: input.urgent ?? false,
    senderAvatarUrl: input.senderId && facts.senderAvatarId ? thumbnailUrl(facts.senderAvatarId) : null,
    actions: actionsFor({ type: input.type, subjectKind: input.subject?.kind ?? null, actionResult: null }),
    actionResult: null,
  };
}

/** Inserts the entry; its trigger moves the person's unread counter, taking their channel's lock until commit. */
function notificationInsertSql(input: NotifyInput, n: NotificationView): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "Notification" (id, "recipientId", "senderId", type, title, body, link, "createdAt", urgent, "groupKey", "groupActors",
      "subjectKind", "subjectId")
    VALUES (${n.id}, ${input.recipientId}, ${input.senderId ?? null}, ${n.type}, ${n.title}, ${n.body}, ${n.link},
      ${n.createdAt}::timestamptz AT TIME ZONE 'UTC', ${n.urgent}, ${input.group?.key ?? null}, ${n.actors}::text[],
      ${input.subject?.kind ?? null}, ${input.subject?.id ?? null})`;
}

/** What a push carries when the person wants pushes but no inbox entry. */
function pushOnlyView(input: NotifyInput) {
  return {
    id: `push-${Date.now()}`,
    type: input.type,
    title: input.title,
    body: input.body ?? "",
    link: input.link ?? null,
    senderName: null,
    createdAt: new Date().toISOString(),
    readAt: null,
    groupCount: 1,
    actors: [],
    urgent: input.urgent ?? false,
  };
}
