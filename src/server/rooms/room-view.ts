// The fields of rooms, messages and agenda items that leave the server, selected once.
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
