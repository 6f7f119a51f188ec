// Who an announcement reaches, counted before it is sent (the console's
// preview) with the same rules the copies are made by.
import type { Audience } from "@/lib/validation/notifications";
import { db } from "../db";
import { AppError } from "../errors";

export async function countRecipients(audience: Audience): Promise<number> {
  switch (audience.kind) {
    case "everyone":
      return db.user.count();
    case "role":
      return db.user.count({ where: { role: audience.role } });
    case "team": {
      const team = await db.team.findUnique({ where: { id: audience.teamId }, select: { _count: { select: { members: true } } } });
      if (!team) throw new AppError("NOT_FOUND", "That team does not exist.");
      return team._count.members;
    }
    case "users":
      return db.user.count({ where: { id: { in: audience.userIds } } });
  }
}

/** The count and a few names, for the console's "Send to 1,204 people (Alice, Bob, …)". */
export async function previewAudience(audience: Audience) {
  const recipients = await countRecipients(audience);
  const where =
    audience.kind === "everyone"
      ? {}
      : audience.kind === "role"
        ? { role: audience.role }
        : audience.kind === "team"
          ? { teams: { some: { teamId: audience.teamId } } }
          : { id: { in: audience.userIds } };
  const sample = await db.user.findMany({ where, orderBy: { name: "asc" }, take: 5, select: { name: true } });
  return { recipients, sample: sample.map((u) => u.name) };
}
