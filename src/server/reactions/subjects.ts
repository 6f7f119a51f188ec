// What can be reacted to, and for each kind: who may see a subject (only they
// may react or read its reactions) and the channels its reactions go to, the
// first of which numbers them (its event id is the change's version).
// A new kind (a conversation's message) is one entry here.
import type { ReactionSubject } from "@/generated/prisma/enums";
import type { ReactionSubjectKind } from "@/lib/reactions/reactions";
import type { db, Tx } from "../db";
import { channels } from "../realtime/channels";
import { findAccessibleRoom } from "../rooms/room-access";

type Client = Tx | typeof db;

export type SubjectRule = {
  dbKind: ReactionSubject;
  /** The refusal for a subject missing or not visible (the same words for both: nothing leaks). */
  notFound: string;
  /** The visible ones among `ids`, each with its channels (the numbering one first). */
  locate: (client: Client, userId: string, ids: readonly string[]) => Promise<Map<string, string[]>>;
};

export const subjectRules: Record<ReactionSubjectKind, SubjectRule> = {
  message: {
    dbKind: "ROOM_MESSAGE",
    notFound: "That message does not exist (it may have been deleted), or you cannot see its room.",
    async locate(client, userId, ids) {
      const rows = await client.message.findMany({ where: { id: { in: [...ids] } }, select: { id: true, roomId: true } });
      const visible = new Map<string, boolean>();
      // A page's messages are usually all in one room: one access check per room.
      for (const roomId of new Set(rows.map((r) => r.roomId))) {
        visible.set(roomId, (await findAccessibleRoom(client, userId, roomId)) !== null);
      }
      return new Map(rows.filter((r) => visible.get(r.roomId)).map((r) => [r.id, [channels.room(r.roomId)]]));
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
};
