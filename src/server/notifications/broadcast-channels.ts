import "server-only";
import type { Role } from "@/generated/prisma/enums";
import { channels } from "@/lib/realtime/channel-names";

/** The shared channels a person's announcements arrive on. */
export function broadcastChannelsOf(user: { role: Role; teams: { teamId: string }[] }): string[] {
  return [channels.broadcasts(), channels.role(user.role), ...user.teams.map((t) => channels.team(t.teamId))];
}
