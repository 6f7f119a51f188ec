// Teams themselves: an admin creates, renames and deletes them. Every change
// is audited in its own transaction; members hear renames and deletion on
// the team's channel. Creation has no event: a new team has no members yet.
import "server-only";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { db, type Tx } from "../db";
import { AppError, isUniqueViolation } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";

const TEAM_NOT_FOUND = "That team does not exist (it may have just been deleted).";
const NAME_TAKEN = "A team with that name already exists";

export type TeamSummary = { id: string; name: string; createdAt: string; memberCount: number };

export async function requireTeam(tx: Tx | typeof db, teamId: string) {
  const team = await tx.team.findUnique({ where: { id: teamId }, select: { id: true, name: true } });
  if (!team) throw new AppError("NOT_FOUND", TEAM_NOT_FOUND);
  return team;
}

/**
 * Names are unique regardless of case ("Support" and "support" would be two
 * indistinguishable entries in the audience picker); the unique index only
 * knows exact names, so this asks first and the index settles races.
 */
async function refuseTakenName(tx: Tx, name: string, exceptId?: string) {
  const clash = await tx.team.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new AppError("CONFLICT", `${NAME_TAKEN}.`, { name: [NAME_TAKEN] });
}

function nameRace(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new AppError("CONFLICT", `${NAME_TAKEN}.`, { name: [NAME_TAKEN] });
  }
  throw error;
}

export async function createTeam({ actor, ...input }: { actor: Actor; name: string }): Promise<TeamSummary> {
  const team = await transactionWithEvents(db, async (tx) => {
    await refuseTakenName(tx, input.name);
    const row = await tx.team.create({ data: { name: input.name }, select: { id: true, name: true, createdAt: true } });
    await recordAudit(tx, { actorId: actor.id, action: "team.created", target: row.name, details: { teamId: row.id } });
    return row;
  }).catch(nameRace);
  return { ...team, createdAt: team.createdAt.toISOString(), memberCount: 0 };
}

export async function renameTeam({ actor, ...input }: { actor: Actor; teamId: string; name: string }) {
  return transactionWithEvents(db, async (tx) => {
    const team = await requireTeam(tx, input.teamId);
    if (team.name === input.name) return team;
    await refuseTakenName(tx, input.name, team.id);
    const renamed = await tx.team.update({ where: { id: team.id }, data: { name: input.name }, select: { id: true, name: true } });
    await appendEvent(tx, channels.team(team.id), "team.renamed", { team: renamed });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "team.renamed",
      target: renamed.name,
      details: { teamId: team.id, from: team.name },
    });
    return renamed;
  }).catch(nameRace);
}

/** Deletes the team with its memberships (and its team announcements, which only its members could read). */
export async function deleteTeam({ actor, ...input }: { actor: Actor; teamId: string }) {
  return transactionWithEvents(db, async (tx) => {
    const team = await requireTeam(tx, input.teamId);
    const members = await tx.teamMember.count({ where: { teamId: team.id } });
    // Before the row goes: the members' open pages drop the team.
    await appendEvent(tx, channels.team(team.id), "team.deleted", { id: team.id });
    await tx.team.delete({ where: { id: team.id } });
    await recordAudit(tx, { actorId: actor.id, action: "team.deleted", target: team.name, details: { teamId: team.id, members } });
    return { id: team.id };
  });
}

/** Every team with its number of members, by name (the console's list and audience picker). */
export async function listTeams(): Promise<TeamSummary[]> {
  const rows = await db.team.findMany({
    orderBy: { name: "asc" },
    take: 500,
    select: { id: true, name: true, createdAt: true, _count: { select: { members: true } } },
  });
  return rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString(), memberCount: t._count.members }));
}
