// Everything the lists and the header show about chats (rooms and
// conversations: unread counts, newest messages), with the person's own
// channel's newest event id from the same snapshot: the page then applies
// the "chat.activity" / "chat.read" events after it.
import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { channelHead } from "../realtime/outbox";
import { lastMessageOfRow, type LastMessageRow } from "../chat/chat-activity";
import type { ChatSummary } from "./conversation-view";
import { listConversations } from "./conversations";

type RoomRow = LastMessageRow & { id: string; name: string; createdAt: Date; unread: number };

/**
 * Rooms the person can open, newest activity first, with their newest
 * message, and the unread count (capped at 100) where they follow the room:
 * they have read it before, or are a member.
 */
async function roomChats(userId: string): Promise<ChatSummary[]> {
  const rows = await db.$queryRaw<RoomRow[]>`
    SELECT r.id, r.name, r."createdAt", lm.id AS "lastId", lm.body AS "lastBody", lm."createdAt" AS "lastAt",
      a.id AS "authorId", a.name AS "authorName",
      CASE WHEN rr."userId" IS NULL AND mem."userId" IS NULL THEN 0 ELSE
        (SELECT count(*)::int FROM (SELECT 1 FROM "Message" m
          WHERE m."roomId" = r.id AND m."authorId" <> ${userId}
            AND (CASE WHEN rr."userId" IS NULL THEN m."createdAt" >= mem."addedAt"
                 ELSE (m."createdAt", m.id) > (rr."lastReadAt", rr."lastReadMessageId") END)
          LIMIT 100) x) END AS unread
    FROM "Room" r
    LEFT JOIN "RoomRead" rr ON rr."roomId" = r.id AND rr."userId" = ${userId}
    LEFT JOIN "RoomMember" mem ON mem."roomId" = r.id AND mem."userId" = ${userId}
    LEFT JOIN LATERAL (SELECT m.id, m.body, m."createdAt", m."authorId" FROM "Message" m
      WHERE m."roomId" = r.id ORDER BY m."createdAt" DESC, m.id DESC LIMIT 1) lm ON true
    LEFT JOIN "User" a ON a.id = lm."authorId"
    WHERE r.visibility = 'PUBLIC' OR mem."userId" IS NOT NULL
    ORDER BY coalesce(lm."createdAt", r."createdAt") DESC, r.id DESC
    LIMIT 200`;
  return rows.map((r) => ({
    kind: "room" as const,
    id: r.id,
    title: r.name,
    unread: r.unread,
    participants: [],
    lastMessage: lastMessageOfRow(r),
    activityAt: (r.lastAt ?? r.createdAt).toISOString(),
  }));
}


export async function chatSummary(options: { actor: Actor }) {
  // The head first: the events after it are applied on top of what is read
  // next. A message that commits in between is in both; the client skips
  // an event whose message its list already has (src/lib/conversations/chat-cache.ts).
  const head = await channelHead(db, channels.user(options.actor.id));
  const [rooms, conversations] = await Promise.all([roomChats(options.actor.id), listConversations(options)]);
  return { head, rooms, conversations };
}
