// "Something new was said": one small event on the own channel of each
// person who follows a room or takes part in a conversation, so that every
// tab's lists (rooms, conversations), unread counts and the header's total
// move live without listening to every room. Reading ("chat.read") goes the
// same way, so reading in one tab clears the count in the others.
import "server-only";
import type { ChatKind, ChatMessageView, LastMessageView } from "@/lib/events";
import type { Tx } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { appendEventToMany } from "../realtime/outbox";

const LAST_MESSAGE_CHARS = 140;

function toLastMessage(message: ChatMessageView): LastMessageView {
  const chars = Array.from(message.body);
  const body = chars.length > LAST_MESSAGE_CHARS ? `${chars.slice(0, LAST_MESSAGE_CHARS).join("")}…` : message.body;
  return { id: message.id, body, author: message.author, createdAt: message.createdAt };
}

/** A newest message as the lists' queries read it: columns of a lateral join, all null when there is none. */
export type LastMessageRow = {
  lastId: string | null;
  lastBody: string | null;
  lastAt: Date | null;
  authorId: string | null;
  authorName: string | null;
};

export function lastMessageOfRow(row: LastMessageRow): LastMessageView | null {
  if (!row.lastId || !row.lastAt) return null;
  return toLastMessage({
    id: row.lastId,
    body: row.lastBody ?? "",
    author: { id: row.authorId ?? "", name: row.authorName ?? "" },
    createdAt: row.lastAt.toISOString(),
    editedAt: null,
  });
}

/** Tells each of `userIds` (the author too: their other tabs) that `message` arrived. */
export async function announceChatActivity(
  tx: Tx,
  options: { kind: ChatKind; id: string; title: string; message: ChatMessageView; userIds: readonly string[] },
): Promise<void> {
  await appendEventToMany(tx, options.userIds.map(channels.user), "chat.activity", {
    kind: options.kind,
    id: options.id,
    title: options.title,
    lastMessage: toLastMessage(options.message),
  });
}

/**
 * Who hears of a room message (announceChatActivity): the people who follow
 * the room (who have read it before, or are members of it; for a private
 * room only its members now), and the author. Public rooms nobody follows
 * cost this one read and nothing else (null).
 */
export async function roomActivityAudience(
  tx: Tx,
  roomId: string,
  authorId: string,
): Promise<{ title: string; userIds: string[] } | null> {
  const rows = await tx.$queryRaw<{ userId: string; name: string }[]>`
    SELECT f."userId", r.name FROM "Room" r
    JOIN (SELECT "userId" FROM "RoomRead" WHERE "roomId" = ${roomId}
          UNION SELECT "userId" FROM "RoomMember" WHERE "roomId" = ${roomId}) f ON true
    WHERE r.id = ${roomId}
      -- Someone removed from a private room read it once: no longer theirs to hear about.
      AND (r.visibility = 'PUBLIC' OR EXISTS (SELECT 1 FROM "RoomMember" m WHERE m."roomId" = r.id AND m."userId" = f."userId"))`;
  if (rows.length === 0) return null;
  return { title: rows[0]!.name, userIds: [...rows.map((r) => r.userId), authorId] };
}
