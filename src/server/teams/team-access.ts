// Team membership, for the channel rule of private-team.<id> (the team's
// members; channel-access.ts). Catch-up asks the same rule, so a non-member
// gets neither.
import "server-only";
import { db } from "../db";

export async function isTeamMember(userId: string, teamId: string): Promise<boolean> {
  return (await db.teamMember.count({ where: { teamId, userId } })) > 0;
}
