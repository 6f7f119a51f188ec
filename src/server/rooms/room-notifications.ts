// Room messages notify people who are not in the room, by each
// person's setting for the room (src/lib/rooms/room-notifications.ts):
// "all" (every message, grouped per room like comments per post),
// "mentions" (only messages that mention them) or "off". The room is every
// such notification's subject, so muting the room silences them.
//
// "In the room" = subscribed to the room's presence channel right now (a tab
// with the room open), asked of the Pusher-protocol server's HTTP API
// (GET /channels/presence-room.<id>/users) before the message's transaction,
// and only when someone would get an "every message" notification. If the
// server cannot answer within PRESENCE_TIMEOUT_MS, nobody counts as present
// (a notification too many rather than one missed). Mentions notify even
// people in the room: they are meant for that person.
import "server-only";
import { defaultRoomNotificationLevel, type RoomNotificationLevel } from "@/lib/rooms/room-notifications";
import { Prisma } from "@/generated/prisma/client";
import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { excerptOf, mentionNotifications, newMentions } from "../mentions/notify-mentions";
import { peopleSummary } from "../notifications/grouping";
import type { NotifyInput } from "../notifications/notify";
import { channels } from "@/lib/realtime/channel-names";
import { pusher } from "../realtime/pusher";
import { requireRoom } from "./room-access";

/** People an "every message" notification reaches per message, at most (as followers of a post). */
const MAX_ROOM_NOTIFIED = 200;
const PRESENCE_TIMEOUT_MS = 1_000;

export async function roomNotificationSetting(options: { actor: Actor; roomId: string }) {
  const room = await requireRoom(db, options.actor.id, options.roomId);
  const row = await db.roomNotificationSetting.findUnique({
    where: { roomId_userId: { roomId: room.id, userId: options.actor.id } },
    select: { level: true },
  });
  const fallback = defaultRoomNotificationLevel(room.visibility);
  return { roomId: room.id, level: (row?.level as RoomNotificationLevel | undefined) ?? fallback, isDefault: !row, default: fallback };
}

export async function setRoomNotificationSetting(options: { actor: Actor; roomId: string; level: RoomNotificationLevel }) {
  const room = await requireRoom(db, options.actor.id, options.roomId);
  await db.roomNotificationSetting.upsert({
    where: { roomId_userId: { roomId: room.id, userId: options.actor.id } },
    create: { roomId: room.id, userId: options.actor.id, level: options.level },
    update: { level: options.level },
  });
  const fallback = defaultRoomNotificationLevel(room.visibility);
  return { roomId: room.id, level: options.level, isDefault: false, default: fallback };
}

/** Ids of the people with the room open now; empty when the server does not answer in time. */
async function presentInRoom(roomId: string): Promise<Set<string>> {
  const ask = pusher()
    .get({ path: `/channels/${channels.room(roomId)}/users` })
    .then(async (res) => {
      if (!res.ok) return new Set<string>();
      const body = (await res.json()) as { users?: { id: string }[] };
      return new Set((body.users ?? []).map((u) => String(u.id)));
    });
  const timeout = new Promise<Set<string>>((resolve) => setTimeout(() => resolve(new Set()), PRESENCE_TIMEOUT_MS).unref());
  return Promise.race([ask.catch(() => new Set<string>()), timeout]);
}

/**
 * Who would hear of every message in the room (setting "all", the default
 * for a private room's members), but the writer, and the people of those
 * with the room open now. Read before the message's transaction, so the
 * presence question holds no lock.
 */
export async function everyMessageAudience(options: { roomId: string; visibility: "PUBLIC" | "PRIVATE"; writerId: string }) {
  const rows =
    options.visibility === "PRIVATE"
      ? await db.$queryRaw<{ userId: string }[]>`
          SELECT m."userId" FROM "RoomMember" m
          LEFT JOIN "RoomNotificationSetting" s ON s."roomId" = m."roomId" AND s."userId" = m."userId"
          WHERE m."roomId" = ${options.roomId} AND m."userId" <> ${options.writerId} AND coalesce(s.level, 'all') = 'all'
          ORDER BY m."userId" LIMIT ${MAX_ROOM_NOTIFIED}`
      : await db.$queryRaw<{ userId: string }[]>`
          SELECT s."userId" FROM "RoomNotificationSetting" s
          WHERE s."roomId" = ${options.roomId} AND s."userId" <> ${options.writerId} AND s.level = 'all'
          ORDER BY s."userId" LIMIT ${MAX_ROOM_NOTIFIED}`;
  if (rows.length === 0) return [];
  const present = await presentInRoom(options.roomId);
  return rows.map((r) => r.userId).filter((id) => !present.has(id));
}

/**
 * The notifications of a new message, for notifyEach: a mention for each
 * person it mentions who can see the room and has not turned the room off,
 * "<writer> wrote in <room>" (grouped per room) for `audience`.
 */
export async function roomMessageNotifications(
  tx: Tx,
  options: {
    room: { id: string; name: string; visibility: "PUBLIC" | "PRIVATE" };
    message: { id: string; body: string; author: { id: string; name: string } };
    audience: string[];
  },
): Promise<NotifyInput[]> {
  const { room, message } = options;
  let ids = newMentions(message.body, message.author.id);
  if (ids.length > 0) {
    const off = await tx.$queryRaw<{ userId: string }[]>`
      SELECT "userId" FROM "RoomNotificationSetting"
      WHERE "roomId" = ${room.id} AND level = 'off' AND "userId" IN (${Prisma.join(ids)})`;
    const silenced = new Set(off.map((r) => r.userId));
    ids = ids.filter((id) => !silenced.has(id));
  }
  const mentions = await mentionNotifications(tx, {
    ids,
    writer: message.author,
    place: { kind: "room", roomId: room.id, name: room.name, visibility: room.visibility, messageId: message.id },
    text: message.body,
  });
  const body = excerptOf(message.body);
  const everyMessage: NotifyInput[] = options.audience.map((recipientId) => ({
    recipientId,
    type: "room.message",
    title: `${message.author.name} wrote in ${room.name}`,
    body,
    link: `/rooms/${room.id}#message-${message.id}`,
    senderId: message.author.id,
    subject: { kind: "room", id: room.id },
    // Messages of one room collect under one entry while it is unread.
    group: {
      key: `room.message:${room.id}`,
      actor: message.author.name,
      summary: (actors) => `${peopleSummary(actors)} wrote in ${room.name}`,
    },
  }));
  // Mentions last: for someone in both, the mention wins (notifyEach keeps the last).
  return [...everyMessage, ...mentions];
}
