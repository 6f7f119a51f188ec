// Who is in a team. An admin adds (by email or from the people picker) and
// removes people; the team's channel hears it, so members' open pages follow.
import "server-only";
import type { AddTeamMemberInput } from "@/lib/validation/teams";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { db } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { endLiveConnections } from "../realtime/end-connections";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";
import { requireTeam } from "./teams";
import { notifyInTransaction } from "../notifications/notify";

const NO_SUCH_EMAIL = "Nobody has an account with that email";

export type TeamMemberView = { id: string; name: string; email: string; joinedAt: string };

export async function addTeamMember({ actor, ...input }: AddTeamMemberInput & { actor: Actor }) {
  return transactionWithEvents(db, async (tx) => {
    const team = await requireTeam(tx, input.teamId);
    const person = await tx.user.findUnique({
      where: input.email !== undefined ? { email: input.email } : { id: input.userId },
      select: { id: true, name: true, email: true },
    });
    if (!person) {
      throw input.email !== undefined
        ? new AppError("NOT_FOUND", `${NO_SUCH_EMAIL}.`, { email: [NO_SUCH_EMAIL] })
        : new AppError("NOT_FOUND", "That person's account no longer exists.");
    }
    const { count } = await tx.teamMember.createMany({ data: [{ teamId: team.id, userId: person.id }], skipDuplicates: true });
    // Already in: nothing changed, so nothing to hear or audit.
    if (count > 0) {
      // Channel order: the team's, then the person's.
      await appendEvent(tx, channels.team(team.id), "team.member-added", { member: { id: person.id, name: person.name } });
      await appendEvent(tx, channels.user(person.id), "teams.changed", { teamId: team.id, member: true });
      // Being added to a team is news to the person.
      await notifyInTransaction(tx, {
        recipientId: person.id,
        type: "team.added",
        title: `You were added to the team “${team.name}”`,
        body: "Its announcements now reach you.",
        senderId: actor.id,
      });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "team.member-added",
        target: `${person.email} to ${team.name}`,
        details: { teamId: team.id, userId: person.id },
      });
    }
    return { member: person, added: count > 0 };
  });
}

export async function removeTeamMember({ actor, ...input }: { actor: Actor; teamId: string; userId: string }) {
  return transactionWithEvents(db, async (tx) => {
    const team = await requireTeam(tx, input.teamId);
    const membership = await tx.teamMember.findUnique({
      where: { teamId_userId: { teamId: team.id, userId: input.userId } },
      select: { user: { select: { email: true } } },
    });
    if (!membership) throw new AppError("NOT_FOUND", "That person is not in this team.");
    await tx.teamMember.delete({ where: { teamId_userId: { teamId: team.id, userId: input.userId } } });
    // The removed person's open page hears it too (it was subscribed), and drops the team.
    await appendEvent(tx, channels.team(team.id), "team.member-removed", { userId: input.userId });
    await appendEvent(tx, channels.user(input.userId), "teams.changed", { teamId: team.id, member: false });
    // Their sockets are closed after these events: they hear nothing more of the team.
    await endLiveConnections(tx, input.userId);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "team.member-removed",
      target: `${membership.user.email} from ${team.name}`,
      details: { teamId: team.id, userId: input.userId },
    });
    return { userId: input.userId };
  });
}

export async function listTeamMembers({ teamId }: { teamId: string }): Promise<TeamMemberView[]> {
  await requireTeam(db, teamId);
  const rows = await db.teamMember.findMany({
    where: { teamId },
    orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
    select: { joinedAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((r) => ({ ...r.user, joinedAt: r.joinedAt.toISOString() }));
}

/**
 * The teams the actor belongs to, each with its channel's newest event id
 * from the same snapshot: the page applies exactly the events after it.
 */
export function myTeams({ actor }: { actor: Actor }) {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.teamMember.findMany({
        where: { userId: actor.id },
        orderBy: { team: { name: "asc" } },
        select: { joinedAt: true, team: { select: { id: true, name: true, _count: { select: { members: true } } } } },
      });
      const heads = await tx.channelSequence.findMany({
        where: { channel: { in: rows.map((r) => channels.team(r.team.id)) } },
        select: { channel: true, lastSeq: true },
      });
      const headOf = new Map(heads.map((h) => [h.channel, Number(h.lastSeq)]));
      return rows.map((r) => ({
        id: r.team.id,
        name: r.team.name,
        memberCount: r.team._count.members,
        joinedAt: r.joinedAt.toISOString(),
        head: headOf.get(channels.team(r.team.id)) ?? 0,
      }));
    },
    { isolationLevel: "RepeatableRead" },
  );
}
