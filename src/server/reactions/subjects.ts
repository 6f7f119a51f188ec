// What can be reacted to, and for each kind: who may see a subject (only they
// may react or read its reactions) and the channels its reactions go to, the
// first of which numbers them (its event id is the change's version).
import "server-only";
import type { ReactionSubject } from "@/generated/prisma/enums";
import type { ReactionSubjectKind } from "@/lib/reactions/reactions";
import type { db, Tx } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { findAccessibleRoom } from "../rooms/room-access";
import { isParticipant } from "../conversations/conversation-access";

type Client = Tx | typeof db;

export type SubjectRule = {
  dbKind: ReactionSubject;
  /** The refusal for a subject missing or not visible (the same words for both: nothing leaks). */
  notFound: string;
  /** The visible ones among `ids`, each with its channels (the numbering one first). */
  locate: (client: Client, userId: string, ids: readonly string[]) => Promise<Map<string, string[]>>;
};

/**
 * Messages with their room or conversation: the visible ones, each with its
 * parent's channel. A page's messages are usually all in one: one access
 * check per parent.
 */
async function inVisibleParents(
  rows: { id: string; parentId: string }[],
  canSee: (parentId: string) => Promise<boolean>,
  channelOf: (parentId: string) => string,
): Promise<Map<string, string[]>> {
  const visible = new Map<string, boolean>();
  for (const parentId of new Set(rows.map((r) => r.parentId))) visible.set(parentId, await canSee(parentId));
  return new Map(rows.filter((r) => visible.get(r.parentId)).map((r) => [r.id, [channelOf(r.parentId)]]));
}

export const subjectRules: Record<ReactionSubjectKind, SubjectRule> = {
  message: {
    dbKind: "ROOM_MESSAGE",
    notFound: "That message does not exist (it may have been deleted), or you cannot see its room.",
    async locate(client, userId, ids) {
      const rows = await client.message.findMany({ where: { id: { in: [...ids] } }, select: { id: true, roomId: true } });
      return inVisibleParents(
        rows.map((r) => ({ id: r.id, parentId: r.roomId })),
        async (roomId) => (await findAccessibleRoom(client, userId, roomId)) !== null,
        channels.room,
      );
    },
  },
  post: {
    dbKind: "POST",
    notFound: "That post does not exist (it may have been deleted).",
    // Every signed-in person reads every post. The feed lists posts, the
    // post's page shows one: both hear it (feed first, as posts.ts orders them).
    async locate(client, _userId, ids) {
      const rows = await client.post.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
      return new Map(rows.map((r) => [r.id, [channels.feed(), channels.post(r.id)]]));
    },
  },
  comment: {
    dbKind: "COMMENT",
    notFound: "That comment does not exist (it may have been deleted).",
    async locate(client, _userId, ids) {
      const rows = await client.comment.findMany({ where: { id: { in: [...ids] } }, select: { id: true, postId: true } });
      return new Map(rows.map((r) => [r.id, [channels.post(r.postId)]]));
    },
  },
  conversationMessage: {
    dbKind: "CONVERSATION_MESSAGE",
    notFound: "That message does not exist (it may have been deleted), or you are not in its conversation.",
    async locate(client, userId, ids) {
      const rows = await client.conversationMessage.findMany({
        where: { id: { in: [...ids] } },
        select: { id: true, conversationId: true },
      });
      return inVisibleParents(
        rows.map((r) => ({ id: r.id, parentId: r.conversationId })),
        (conversationId) => isParticipant(client, userId, conversationId),
        channels.conversation,
      );
    },
  },
};
