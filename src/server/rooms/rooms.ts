// Rooms and their members. Anyone signed in may create a room; the owner of
// a private room manages who else is in it.
import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { endLiveConnections } from "../realtime/end-connections";
import { appendEvent, channelHead, transactionWithEvents } from "../realtime/outbox";
import { agendaSelect, compareAgenda, messageSelect, toMessageView, type RoomSummary } from "./room-view";
import { requireRoom } from "./room-access";
import { invite } from "../invitations/invitations";

const roomSummarySelect = {
  id: true,
  name: true,
  visibility: true,
  createdAt: true,
  owner: { select: { id: true, name: true } },
} as const;

function toSummary(row: {
  id: string;
  name: string;
  visibility: "PUBLIC" | "PRIVATE";
  createdAt: Date;
  owner: { id: string; name: string };
}): RoomSummary {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function createRoom(options: { actor: Actor; name: string; visibility: "PUBLIC" | "PRIVATE" }) {
  const row = await db.room.create({
    data: {
      name: options.name,
      visibility: options.visibility,
      ownerId: options.actor.id,
      // The owner is a member like any other (one rule for access).
      members: { create: { userId: options.actor.id } },
    },
    select: roomSummarySelect,
  });
  return toSummary(row);
}

/** Public rooms and the private rooms the actor is a member of, newest first. */
export async function listRooms(options: { actor: Actor }) {
  const rows = await db.room.findMany({
    where: { OR: [{ visibility: "PUBLIC" }, { members: { some: { userId: options.actor.id } } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: roomSummarySelect,
  });
  return rows.map(toSummary);
}

const LATEST_MESSAGES = 30;

/**
 * Everything a room's page shows, with the room channel's newest event id
 * from the same snapshot: the page applies exactly the events after it.
 */
export function openRoom(options: { actor: Actor; roomId: string }) {
  return db.$transaction(
    async (tx) => {
      const head = await channelHead(tx, channels.room(options.roomId));
      const room = await requireRoom(tx, options.actor.id, options.roomId);
      const owner = await tx.user.findUniqueOrThrow({ where: { id: room.ownerId }, select: { id: true, name: true } });
      const rows = await tx.message.findMany({
        where: { roomId: room.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: LATEST_MESSAGES + 1,
        select: messageSelect,
      });
      const agenda = await tx.agendaItem.findMany({ where: { roomId: room.id }, select: agendaSelect });
      return {
        room: toSummary({ ...room, owner }),
        // Oldest first, as a chat reads.
        messages: rows.slice(0, LATEST_MESSAGES).reverse().map(toMessageView),
        hasOlder: rows.length > LATEST_MESSAGES,
        agenda: agenda.sort(compareAgenda),
        head,
      };
    },
    { isolationLevel: "RepeatableRead" },
  );
}

async function requireOwnedPrivateRoom(userId: string, roomId: string) {
  const room = await requireRoom(db, userId, roomId);
  if (room.ownerId !== userId) throw new AppError("FORBIDDEN", "Only the room's owner manages its members.");
  if (room.visibility !== "PRIVATE") throw new AppError("BAD_REQUEST", "Public rooms are open to everyone.");
  return room;
}

export async function listMembers(options: { actor: Actor; roomId: string }) {
  const room = await requireRoom(db, options.actor.id, options.roomId);
  const rows = await db.roomMember.findMany({
    where: { roomId: room.id },
    orderBy: { addedAt: "asc" },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  // Emails only for the owner, who added people by email.
  return rows.map(({ user }) => (room.ownerId === options.actor.id ? user : { id: user.id, name: user.name, email: null }));
}

/**
 * The owner adds someone by email: an invitation, which the
 * person accepts or declines from their notification. Already a member:
 * nothing changes.
 */
export async function addMember(options: { actor: Actor; roomId: string; email: string }) {
  const room = await requireOwnedPrivateRoom(options.actor.id, options.roomId);
  const person = await db.user.findUnique({ where: { email: options.email }, select: { id: true, name: true, email: true } });
  if (!person) {
    throw new AppError("NOT_FOUND", "Nobody has an account with that email.", { email: ["Nobody has an account with that email"] });
  }
  const status = await transactionWithEvents(db, async (tx) => {
    const member = await tx.roomMember.findUnique({ where: { roomId_userId: { roomId: room.id, userId: person.id } } });
    if (member) return "member" as const;
    await invite(tx, { inviterId: options.actor.id, inviteeId: person.id, target: { kind: "room", id: room.id, name: room.name } });
    return "invited" as const;
  });
  return { ...person, status };
}

export async function removeMember(options: { actor: Actor; roomId: string; memberId: string }) {
  const room = await requireOwnedPrivateRoom(options.actor.id, options.roomId);
  if (options.memberId === room.ownerId) throw new AppError("BAD_REQUEST", "The owner stays in their room.");
  await transactionWithEvents(db, async (tx) => {
    const { count } = await tx.roomMember.deleteMany({ where: { roomId: room.id, userId: options.memberId } });
    if (count > 0) {
      // The removed person's open page hears it too, and closes the room;
      // then their sockets are closed, so they hear nothing after it.
      await appendEvent(tx, channels.room(room.id), "room.member-removed", { userId: options.memberId });
      await endLiveConnections(tx, options.memberId);
    }
  });
  return { userId: options.memberId };
}
