// Who an announcement reaches, counted before it is sent (the console's
// preview) with the same rules the copies are made by.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Audience } from "@/lib/validation/notifications";
import { db } from "../db";
import { requireTeam } from "../teams/teams";

/** The people an audience names (a missing team is NOT_FOUND, not nobody). */
async function audienceWhere(audience: Audience): Promise<Prisma.UserWhereInput> {
  switch (audience.kind) {
    case "everyone":
      return {};
    case "role":
      return { role: audience.role };
    case "team":
      await requireTeam(db, audience.teamId);
      return { teams: { some: { teamId: audience.teamId } } };
    case "users":
      return { id: { in: audience.userIds } };
  }
}

export async function countRecipients(audience: Audience): Promise<number> {
  return db.user.count({ where: await audienceWhere(audience) });
}

/** The count and a few names, for the console's "Send to 1,204 people (Alice, Bob, …)". */
export async function previewAudience({ audience }: { audience: Audience }) {
  const where = await audienceWhere(audience);
  const [recipients, sample] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({ where, orderBy: { name: "asc" }, take: 5, select: { name: true } }),
  ]);
  return { recipients, sample: sample.map((u) => u.name) };
}
