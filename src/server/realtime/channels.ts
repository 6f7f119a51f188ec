// Channel names and who may join them: the one place that knows both.
// The channel-auth route signs a subscription only when `canSubscribe` says
// yes; a name that matches no pattern is refused.
import type { Role } from "@/generated/prisma/enums";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";

export type Viewer = { id: string; role: Role } | null;

export const channels = {
  user: (userId: string) => `private-user.${userId}`,
  userActivity: (userId: string) => `private-user.${userId}.activity`,
  feed: () => "private-feed",
  post: (postId: string) => `private-post.${postId}`,
  admin: () => "private-admin",
  /** A document's committed operations (persisted, caught up by id): everyone who may read it. */
  doc: (documentId: string) => `private-doc.${documentId}`,
  /** Who has a document open, and their cursors (client events): people who may edit it. */
  docPresence: (documentId: string) => `presence-doc.${documentId}`,
  system: () => "system",
  room: (roomId: string) => `presence-room.${roomId}`,
  /** A direct conversation's messages and read receipts (persisted, caught up by id): its participants. */
  conversation: (conversationId: string) => `private-conversation.${conversationId}`,
  /** Who has a conversation open, and typing (client events): its participants. */
  conversationPresence: (conversationId: string) => `presence-conversation.${conversationId}`,
  resource: (datasetId: string) => `private-resource.${datasetId}`,
  workflow: (processId: string) => `private-workflow.${processId}`,
  process: (processId: string) => `private-process.${processId}`,
  /** Team-wide events and team broadcasts: the team's members. */
  team: (teamId: string) => `private-team.${teamId}`,
  /** Broadcasts to everyone: every signed-in person. */
  broadcasts: () => "private-broadcasts",
  /** Broadcasts to one role: people with that role. */
  role: (role: Role) => `private-role.${role}`,
} as const;

/**
 * The checks a rule needs from the database. This module cannot import the
 * database (client components import it for channel names), so each domain
 * registers its checks when its module loads (src/server/realtime/
 * channel-rules.ts loads them all). Until registered, those channels are refused.
 */
export type AccessChecks = {
  /** presence-room.<id>: a public room, or a private one the viewer is in. */
  room: (viewer: NonNullable<Viewer>, roomId: string) => Promise<boolean>;
  /** private-doc / presence-doc: the viewer's access to the document, if any. */
  document: (viewer: NonNullable<Viewer>, documentId: string) => Promise<{ canEdit: boolean } | null>;
  /** Owners of workflow resources. */
  datasetOwner: (datasetId: string) => Promise<string | null>;
  processOwner: (processId: string) => Promise<string | null>;
  /** private-team.<id>: members only. */
  teamMember: (userId: string, teamId: string) => Promise<boolean>;
  /** private-conversation / presence-conversation: its participants only. */
  conversationParticipant: (userId: string, conversationId: string) => Promise<boolean>;
};

const accessChecks: Partial<AccessChecks> = {};

export function registerAccessChecks(checks: Partial<AccessChecks>): void {
  Object.assign(accessChecks, checks);
}

async function ownerOrAdmin(viewer: Viewer, lookup: AccessChecks["datasetOwner"] | undefined, id: string) {
  if (viewer === null) return false;
  if (viewer.role === "ADMIN") return true;
  return lookup !== undefined && (await lookup(id)) === viewer.id;
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
  /** Decides from the viewer and the ids captured by the pattern. */
  allow: (viewer: Viewer, ...ids: string[]) => boolean | Promise<boolean>;
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
    allow: async (v, id) => v !== null && accessChecks.room !== undefined && (await accessChecks.room(v, id)),
  },
  // Direct conversations: their participants only (admins included: nobody else reads them).
  {
    pattern: new RegExp(`^private-conversation\\.${ID}$`),
    scope: "conversations:read",
    allow: async (v, id) =>
      v !== null && accessChecks.conversationParticipant !== undefined && (await accessChecks.conversationParticipant(v.id, id)),
  },
  {
    pattern: new RegExp(`^presence-conversation\\.${ID}$`),
    scope: "conversations:read",
    allow: async (v, id) =>
      v !== null && accessChecks.conversationParticipant !== undefined && (await accessChecks.conversationParticipant(v.id, id)),
  },
  // Documents: readers (editors and viewers) get the persisted ops; only
  // editors join the presence channel, where cursors travel as client events.
  {
    pattern: new RegExp(`^private-doc\\.${ID}$`),
    scope: null,
    allow: async (v, id) => v !== null && accessChecks.document !== undefined && (await accessChecks.document(v, id)) !== null,
  },
  {
    pattern: new RegExp(`^presence-doc\\.${ID}$`),
    scope: null,
    allow: async (v, id) =>
      v !== null && accessChecks.document !== undefined && (await accessChecks.document(v, id))?.canEdit === true,
  },
  // Workflows: the owner of the dataset or process, and admins.
  { pattern: new RegExp(`^private-resource\\.${ID}$`), scope: null, allow: (v, id) => ownerOrAdmin(v, accessChecks.datasetOwner, id) },
  { pattern: new RegExp(`^private-workflow\\.${ID}$`), scope: null, allow: (v, id) => ownerOrAdmin(v, accessChecks.processOwner, id) },
  { pattern: new RegExp(`^private-process\\.${ID}$`), scope: null, allow: (v, id) => ownerOrAdmin(v, accessChecks.processOwner, id) },
  // Teams: members only (admins manage teams but do not read their channels).
  {
    pattern: new RegExp(`^private-team\\.${ID}$`),
    scope: "teams:read",
    allow: async (v, id) => v !== null && accessChecks.teamMember !== undefined && (await accessChecks.teamMember(v.id, id)),
  },
  // Announcements reach the inbox: reading them is reading notifications.
  { pattern: /^private-broadcasts$/, scope: "notifications:read", allow: (v) => v !== null },
  { pattern: /^private-role\.(USER|ADMIN)$/, scope: "notifications:read", allow: (v, role) => v?.role === role },
];

/**
 * Whether `viewer` may subscribe to `channel` (or read its events by
 * catch-up: the same rule). `tokenScopes`: the viewer came with a personal
 * access token with these scopes (null or absent: a browser session): it
 * needs `realtime` and the channel's own scope. Unknown names: never.
 */
export async function canSubscribe(
  viewer: Viewer,
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
    return await rule.allow(viewer, ...match.slice(1));
  }
  return false;
}

/** Whether a name is one this app uses (for validating catch-up requests). */
export function isKnownChannel(channel: string): boolean {
  return channel === channels.system() || rules.some((r) => r.pattern.test(channel));
}
