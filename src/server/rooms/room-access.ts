// Who may see a room: everyone signed in for public rooms, members for
// private ones. A private room is "not found" to others, so its existence
// (and name) does not leak.
import "server-only";
import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";

export const ROOM_NOT_FOUND = "That room does not exist, or you are not a member of it.";

type Room = { id: string; name: string; visibility: "PUBLIC" | "PRIVATE"; ownerId: string; createdAt: Date };

/** The room if `userId` may see it, else null. */
export async function findAccessibleRoom(client: Tx | typeof db, userId: string, roomId: string): Promise<Room | null> {
  const room = await client.room.findUnique({
    where: { id: roomId },
    select: {
      id: true,
      name: true,
      visibility: true,
      ownerId: true,
      createdAt: true,
      members: { where: { userId }, select: { userId: true } },
    },
  });
  if (!room) return null;
  if (room.visibility === "PRIVATE" && room.members.length === 0) return null;
  return { id: room.id, name: room.name, visibility: room.visibility, ownerId: room.ownerId, createdAt: room.createdAt };
}

/** The room, or NOT_FOUND when it is missing or private to others. */
export async function requireRoom(client: Tx | typeof db, userId: string, roomId: string): Promise<Room> {
  const room = await findAccessibleRoom(client, userId, roomId);
  if (!room) throw new AppError("NOT_FOUND", ROOM_NOT_FOUND);
  return room;
}

/** The channel rule for presence-room.<id> (channel-access.ts). */
export async function canAccessRoom(options: { actor: Actor; roomId: string }): Promise<boolean> {
  return (await findAccessibleRoom(db, options.actor.id, options.roomId)) !== null;
}
