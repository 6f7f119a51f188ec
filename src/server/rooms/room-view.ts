// The fields of rooms, messages and agenda items that leave the server, selected once.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { RoomMessageView } from "@/lib/events";

export const messageSelect = {
  id: true,
  roomId: true,
  body: true,
  createdAt: true,
  editedAt: true,
  author: { select: { id: true, name: true } },
} satisfies Prisma.MessageSelect;

/** Keyset condition for messages before `after` in their (createdAt, id) order: rooms' and conversations' history pages. */
export function olderThan(after: { createdAt: Date; id: string }) {
  return { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] };
}

export const agendaSelect = { id: true, title: true, url: true, position: true } satisfies Prisma.AgendaItemSelect;

type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

export function toMessageView(row: MessageRow): RoomMessageView {
  return { ...row, createdAt: row.createdAt.toISOString(), editedAt: row.editedAt?.toISOString() ?? null };
}

export { compareAgenda } from "@/lib/rooms/room-cache";

export type RoomSummary = {
  id: string;
  name: string;
  visibility: "PUBLIC" | "PRIVATE";
  owner: { id: string; name: string };
  createdAt: string;
};
