// Channel names: what a browser subscribes to and what the server publishes
// on, built in one place so that both spell them alike. Who may join each is
// server-side only (src/server/channel-auth/channel-access.ts).
import type { Role } from "@/generated/prisma/enums";

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
