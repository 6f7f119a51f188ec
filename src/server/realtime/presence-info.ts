// What other members of a presence channel see about a person: enough for
// an online list (name, initials avatar, since when). Soketi keeps it only
// while the person's sockets are subscribed; nothing here is stored.
import type { SessionUser } from "../auth";

export type PresenceInfo = { name: string; initials: string; joinedAt: string };

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words;
  return letters.map((w) => Array.from(w)[0]!.toUpperCase()).join("") || "?";
}

export function presenceInfo(user: Pick<SessionUser, "name">): PresenceInfo {
  return { name: user.name, initials: initialsOf(user.name), joinedAt: new Date().toISOString() };
}
