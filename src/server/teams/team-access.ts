// Registers team membership with the channel rules: private-team.<id> is for
// the team's members (channels.ts cannot import the database, the browser
// bundles it). Catch-up asks the same rule, so a non-member gets neither.
import { db } from "../db";
import { registerAccessChecks } from "../realtime/channels";

export async function isTeamMember(userId: string, teamId: string): Promise<boolean> {
  return (await db.teamMember.count({ where: { teamId, userId } })) > 0;
}

registerAccessChecks({ teamMember: isTeamMember });
