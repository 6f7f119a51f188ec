// An admin's announcement. To everyone, a role or a team it is one
// Broadcast row and one event on the audience's shared channel, whatever
// the number of people (each person's copy is made when they next look, see
// notifications/copy-broadcasts.ts), plus one queued job that pushes it to the devices of
// the people it reaches (announcement-push.ts); to chosen people it is one
// notification each.
import "server-only";
import type { Role } from "@/generated/prisma/enums";
import type { Audience, SendAnnouncementInput } from "@/lib/validation/notifications";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { notifyInTransaction } from "../notifications/notify";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";
import { prepareQueue } from "../job-queue";
import { requireTeam } from "../teams/teams";
import { announcementPushQueue, enqueueAnnouncementPush } from "./announcement-push";
import { broadcastSelect, toBroadcastView } from "./broadcast-view";
import { storeReach } from "../notifications/copy-broadcasts";

export async function sendAnnouncement({ actor, ...input }: SendAnnouncementInput & { actor: Actor }) {
  const { audience } = input;
  if (audience.kind === "users") return sendToPeople(actor, input, audience.userIds);
  // Started before the transaction: starting may take a while, and the
  // transaction holds the broadcast numbering lock.
  await prepareQueue(announcementPushQueue);
  const result = await transactionWithEvents(db, async (tx) => {
    if (audience.kind === "team") await requireTeam(tx, audience.teamId);
    const seq = await nextBroadcastSeq(tx);
    const row = await tx.broadcast.create({
      data: {
        seq,
        senderId: actor.id,
        audience: audience.kind,
        role: audience.kind === "role" ? (audience.role as Role) : null,
        teamId: audience.kind === "team" ? audience.teamId : null,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        urgent: input.urgent,
      },
      select: broadcastSelect,
    });
    const broadcast = toBroadcastView(row);
    const reached = await storeReach(tx, row.id);
    await appendEvent(tx, audienceChannel(audience), "broadcast.sent", { broadcast });
    // The pushes' job commits with the announcement: never one without the other.
    await enqueueAnnouncementPush(tx, row.id);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "announcement.sent",
      target: describeAudience(audience),
      details: { title: input.title, urgent: input.urgent, broadcastId: row.id },
    });
    return { broadcast, reached };
  });
  return { broadcastId: result.broadcast.id, recipients: result.reached };
}

async function sendToPeople(actor: Actor, input: SendAnnouncementInput, userIds: string[]) {
  return transactionWithEvents(db, async (tx) => {
    // Sorted, so two announcements to overlapping people lock their channels in one order.
    const people = await tx.user.findMany({ where: { id: { in: userIds } }, orderBy: { id: "asc" }, select: { id: true } });
    if (people.length !== userIds.length) {
      throw new AppError("NOT_FOUND", "Some of the people chosen no longer exist; reload and choose again.", {
        audience: ["Some of the people chosen no longer exist"],
      });
    }
    for (const person of people) {
      await notifyInTransaction(tx, {
        recipientId: person.id,
        type: "broadcast",
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        senderId: actor.id,
        urgent: input.urgent,
      });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "announcement.sent",
      target: `${people.length} chosen ${people.length === 1 ? "person" : "people"}`,
      details: { title: input.title, urgent: input.urgent, userIds },
    });
    return { broadcastId: null, recipients: people.length };
    // All or nobody, in one transaction: 500 people take ~3.5 s on a 2-core
    // machine (npm run bench:announcements), near Prisma's 5 s default.
  }, { timeoutMs: 30_000 });
}

/**
 * The next broadcast number. The advisory lock is held until commit, so
 * numbers are gapless and commit in order: a reader that sees number N has
 * every lower one too (notifications/copy-broadcasts.ts relies on it).
 */
async function nextBroadcastSeq(tx: Tx): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('broadcast-seq'))`;
  const rows = await tx.$queryRaw<{ next: number }[]>`SELECT (coalesce(max(seq), 0) + 1)::int AS next FROM "Broadcast"`;
  return rows[0]!.next;
}

function audienceChannel(audience: Exclude<Audience, { kind: "users" }>): string {
  switch (audience.kind) {
    case "everyone":
      return channels.broadcasts();
    case "role":
      return channels.role(audience.role);
    case "team":
      return channels.team(audience.teamId);
  }
}

function describeAudience(audience: Exclude<Audience, { kind: "users" }>): string {
  switch (audience.kind) {
    case "everyone":
      return "everyone";
    case "role":
      return `role ${audience.role}`;
    case "team":
      return `team ${audience.teamId}`;
  }
}
