// Who may join each channel: one table, composed from each domain's own
// access check the way api/root.ts composes routers (the names are in
// src/lib/realtime/channel-names.ts). The channel-auth route and catch-up
// sign or answer a channel only when `canSubscribe` says yes; a name that
// matches no pattern is refused.
import "server-only";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import { channels } from "@/lib/realtime/channel-names";
import type { Actor } from "../actor";
import { isParticipant } from "../conversations/conversation-access";
import { db } from "../db";
import { documentAccess } from "../documents/access";
import { canAccessRoom } from "../rooms/room-access";
import { isTeamMember } from "../teams/team-access";
import { datasetOwner, processOwner } from "../imports/channel-owners";

async function ownerOrAdmin(actor: Actor | null, lookup: (id: string) => Promise<string | null>, id: string) {
  if (actor === null) return false;
  if (actor.role === "ADMIN") return true;
  return (await lookup(id)) === actor.id;
}

// Ids are cuids or similar: letters, digits, `_` and `-` (no `.`, so a
// pattern's parts cannot be confused).
const ID = "([A-Za-z0-9_-]{1,64})";

type Rule = {
  pattern: RegExp;
  /**
   * What a personal access token needs besides the rule: the scope that
   * reads the same things through the API (null: no token may read it, as
   * with domains tokens cannot reach at all). A session has every scope.
   */
  scope: AccessTokenScope | null;
  /** Decides from the actor (null: signed out) and the ids captured by the pattern. */
  allow: (actor: Actor | null, ...ids: string[]) => boolean | Promise<boolean>;
};

const rules: Rule[] = [
  { pattern: new RegExp(`^private-user\\.${ID}$`), scope: "notifications:read", allow: (v, id) => v?.id === id },
  { pattern: new RegExp(`^private-user\\.${ID}\\.activity$`), scope: "posts:read", allow: (v, id) => v?.id === id },
  { pattern: /^private-feed$/, scope: "posts:read", allow: (v) => v !== null },
  // Every signed-in person may read every post (the feed is shared).
  { pattern: new RegExp(`^private-post\\.${ID}$`), scope: "posts:read", allow: (v) => v !== null },
  { pattern: /^private-admin$/, scope: "admin", allow: (v) => v?.role === "ADMIN" },
  // Public rooms: every signed-in person; private rooms: their members.
  {
    pattern: new RegExp(`^presence-room\\.${ID}$`),
    scope: "rooms:read",
    allow: async (v, id) => v !== null && (await canAccessRoom({ actor: v, roomId: id })),
  },
  // Direct conversations: their participants only (admins included: nobody else reads them).
  {
    pattern: new RegExp(`^private-conversation\\.${ID}$`),
    scope: "conversations:read",
    allow: async (v, id) => v !== null && (await isParticipant(db, v.id, id)),
  },
  {
    pattern: new RegExp(`^presence-conversation\\.${ID}$`),
    scope: "conversations:read",
    allow: async (v, id) => v !== null && (await isParticipant(db, v.id, id)),
  },
  // Documents: readers (editors and viewers) get the persisted ops; only
  // editors join the presence channel, where cursors travel as client events.
  {
    pattern: new RegExp(`^private-doc\\.${ID}$`),
    scope: null,
    allow: async (v, id) => v !== null && (await documentAccess(v.id, id)) !== null,
  },
  {
    pattern: new RegExp(`^presence-doc\\.${ID}$`),
    scope: null,
    allow: async (v, id) => v !== null && (await documentAccess(v.id, id))?.canEdit === true,
  },
  // Workflows: the owner of the dataset or process, and admins.
  { pattern: new RegExp(`^private-resource\\.${ID}$`), scope: null, allow: (v, id) => ownerOrAdmin(v, datasetOwner, id) },
  { pattern: new RegExp(`^private-workflow\\.${ID}$`), scope: null, allow: (v, id) => ownerOrAdmin(v, processOwner, id) },
  { pattern: new RegExp(`^private-process\\.${ID}$`), scope: null, allow: (v, id) => ownerOrAdmin(v, processOwner, id) },
  // Teams: members only (admins manage teams but do not read their channels).
  {
    pattern: new RegExp(`^private-team\\.${ID}$`),
    scope: "teams:read",
    allow: async (v, id) => v !== null && (await isTeamMember(v.id, id)),
  },
  // Announcements reach the inbox: reading them is reading notifications.
  { pattern: /^private-broadcasts$/, scope: "notifications:read", allow: (v) => v !== null },
  { pattern: /^private-role\.(USER|ADMIN)$/, scope: "notifications:read", allow: (v, role) => v?.role === role },
];

/**
 * Whether `actor` may subscribe to `channel` (or read its events by
 * catch-up: the same rule). `tokenScopes`: the actor came with a personal
 * access token with these scopes (null or absent: a browser session): it
 * needs `realtime` and the channel's own scope. Unknown names: never.
 */
export async function canSubscribe(
  actor: Actor | null,
  channel: string,
  tokenScopes: readonly AccessTokenScope[] | null = null,
): Promise<boolean> {
  // A token reads channels only with the realtime scope, so that one made
  // for, say, reading posts over REST does not also open their live feed.
  if (tokenScopes && !tokenScopes.includes("realtime")) return false;
  // Public channels need no signature; nobody asks to sign them.
  if (channel === channels.system()) return true;
  for (const rule of rules) {
    const match = rule.pattern.exec(channel);
    if (!match) continue;
    if (tokenScopes && (rule.scope === null || !tokenScopes.includes(rule.scope))) return false;
    return await rule.allow(actor, ...match.slice(1));
  }
  return false;
}
