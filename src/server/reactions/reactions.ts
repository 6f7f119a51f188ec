// Reactions: toggled one emoji at a time, persisted, then heard on
// the subject's channels through the outbox. The event carries the emoji's
// new count (not the list), so a late or repeated event changes nothing.
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import {
  REACTION_NAMES_MAX,
  reactionEmojis,
  type ReactionChanged,
  type ReactionCount,
  type ReactionSubjectKind,
  type ReactionSummary,
  type ToggleReactionInput,
} from "@/lib/reactions/reactions";
import type { Actor } from "../actor";
import { db, sqlRunner } from "../db";
import { AppError } from "../errors";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";
import { subjectRules } from "./subjects";

export async function toggleReaction(options: { actor: Actor } & ToggleReactionInput): Promise<ReactionChanged> {
  const { actor, subject, emoji } = options;
  const rule = subjectRules[subject.kind];
  return transactionWithEvents(db, async (tx) => {
    // Refused (missing, or in a room the person is not in) inside the
    // transaction, so nothing is written and a deletion or removal committed
    // meanwhile wins.
    const targets = (await rule.locate(tx, actor.id, [subject.id])).get(subject.id);
    if (!targets) throw new AppError("NOT_FOUND", rule.notFound);
    const [numbering, ...others] = targets as [string, ...string[]];
    let change: ReactionChanged | undefined;
    // The toggle and the count run under the numbering channel's lock, so
    // changes to one subject are counted in the order of their versions.
    await appendEvent(tx, numbering, "reaction.changed", async (version) => {
      const run = sqlRunner(tx);
      const [toggled] = await run<{ reacted: boolean; name: string }>(Prisma.sql`
        WITH gone AS (
          DELETE FROM "Reaction"
          WHERE "subjectKind" = ${rule.dbKind}::"ReactionSubject" AND "subjectId" = ${subject.id}
            AND "userId" = ${actor.id} AND "emoji" = ${emoji}
          RETURNING 1),
        added AS (
          INSERT INTO "Reaction" ("subjectKind", "subjectId", "userId", "emoji", "createdAt")
          SELECT ${rule.dbKind}::"ReactionSubject", ${subject.id}, ${actor.id}, ${emoji}, now() AT TIME ZONE 'UTC'
          WHERE NOT EXISTS (SELECT 1 FROM gone)
          ON CONFLICT DO NOTHING
          RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM added) AS reacted, (SELECT name FROM "User" WHERE id = ${actor.id}) AS name`);
      const [counted] = await run<{ count: number }>(Prisma.sql`
        SELECT count(*)::int AS count FROM "Reaction"
        WHERE "subjectKind" = ${rule.dbKind}::"ReactionSubject" AND "subjectId" = ${subject.id} AND "emoji" = ${emoji}`);
      change = {
        subject,
        emoji,
        count: counted!.count,
        reacted: toggled!.reacted,
        user: { id: actor.id, name: toggled!.name },
        version,
      };
      return change;
    });
    for (const channel of others) await appendEvent(tx, channel, "reaction.changed", change!);
    return change!;
  });
}

/**
 * The reactions of a page of subjects, in one query: per subject and emoji
 * the count, whether it is the asker's, and the first names. Subjects the
 * asker may not see are left out. Each summary's version is its numbering
 * channel's newest event id, read before the counts: it includes at least
 * every change up to that version.
 */
export async function listReactions(options: {
  actor: Actor;
  kind: ReactionSubjectKind;
  ids: readonly string[];
}): Promise<ReactionSummary[]> {
  const { actor } = options;
  const rule = subjectRules[options.kind];
  const targets = await rule.locate(db, actor.id, [...new Set(options.ids)]);
  if (targets.size === 0) return [];
  const numbering = [...new Set([...targets.values()].map((t) => t[0]!))];
  const heads = new Map(
    (await db.channelSequence.findMany({ where: { channel: { in: numbering } }, select: { channel: true, lastSeq: true } })).map(
      (row) => [row.channel, Number(row.lastSeq)],
    ),
  );
  const ids = [...targets.keys()];
  const rows = await db.$queryRaw<{ subjectId: string; emoji: string; count: number; mine: boolean; names: string[] }[]>`
    SELECT r."subjectId", r."emoji", count(*)::int AS count, bool_or(r."userId" = ${actor.id}) AS mine,
      coalesce((array_agg(u."name" ORDER BY r."createdAt", r."userId") FILTER (WHERE r."userId" <> ${actor.id}))
        [1:${Prisma.raw(String(REACTION_NAMES_MAX))}], '{}') AS names
    FROM "Reaction" r JOIN "User" u ON u."id" = r."userId"
    WHERE r."subjectKind" = ${rule.dbKind}::"ReactionSubject" AND r."subjectId" = ANY(${ids})
    GROUP BY r."subjectId", r."emoji"`;
  const bySubject = new Map<string, ReactionCount[]>();
  for (const row of rows) {
    const list = bySubject.get(row.subjectId) ?? [];
    list.push({ emoji: row.emoji as ReactionCount["emoji"], count: row.count, mine: row.mine, names: row.names });
    bySubject.set(row.subjectId, list);
  }
  const order = (e: string) => reactionEmojis.indexOf(e as ReactionCount["emoji"]);
  return ids.map((id) => ({
    id,
    version: heads.get(targets.get(id)![0]!) ?? 0,
    reactions: (bySubject.get(id) ?? []).sort((a, b) => order(a.emoji) - order(b.emoji)),
  }));
}
