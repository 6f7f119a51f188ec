// The fields of a broadcast that leave the server, selected once.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { BroadcastView } from "@/lib/events";

export const broadcastSelect = {
  id: true,
  seq: true,
  title: true,
  body: true,
  link: true,
  urgent: true,
  createdAt: true,
  sender: { select: { name: true } },
} satisfies Prisma.BroadcastSelect;

type Selected = Prisma.BroadcastGetPayload<{ select: typeof broadcastSelect }>;

export function toBroadcastView({ sender, createdAt, ...rest }: Selected): BroadcastView {
  return { ...rest, senderName: sender?.name ?? null, createdAt: createdAt.toISOString() };
}
