// What other members of a presence channel see about a person: enough for
// an online list (name, initials avatar, since when). Soketi keeps it only
// while the person's sockets are subscribed; nothing here is stored.
import "server-only";
import { initialsOf } from "@/lib/format/initials";
import type { SessionUser } from "../auth";

export type PresenceInfo = { name: string; initials: string; joinedAt: string; avatarUrl?: string | null };

export function presenceInfo(user: Pick<SessionUser, "name">, avatarUrl: string | null = null): PresenceInfo {
  return { name: user.name, initials: initialsOf(user.name), joinedAt: new Date().toISOString(), avatarUrl };
}
