// Muted rooms and post threads: their notifications are not delivered (see
// preferences.ts). A person may mute only what they can see, so a private
// room's existence does not leak through the mute list.
import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { requireParticipant } from "../conversations/conversation-access";
import { findAccessibleRoom, ROOM_NOT_FOUND } from "../rooms/room-access";

type Target = { kind: "room" | "post" | "conversation"; targetId: string };

const POST_NOT_FOUND = "That post does not exist (it may have been deleted).";

async function requireVisible(userId: string, target: Target): Promise<string> {
  if (target.kind === "conversation") {
    // Only its participants may mute it (to others it does not exist).
    await requireParticipant(db, userId, target.targetId);
    return "a conversation";
  }
  if (target.kind === "room") {
    const room = await findAccessibleRoom(db, userId, target.targetId);
    if (!room) throw new AppError("NOT_FOUND", ROOM_NOT_FOUND);
    return room.name;
  }
  const post = await db.post.findUnique({ where: { id: target.targetId }, select: { title: true } });
  if (!post) throw new AppError("NOT_FOUND", POST_NOT_FOUND);
  return post.title;
}

export async function mute({ actor, ...target }: { actor: Actor } & Target) {
  const userId = actor.id;
  await requireVisible(userId, target);
  await db.notificationMute.upsert({
    where: { userId_kind_targetId: { userId, ...target } },
    create: { userId, ...target },
    update: {},
  });
  return { ...target, muted: true };
}

/** Unmuting needs no access: a room one has left can still be unmuted. */
export async function unmute({ actor, ...target }: { actor: Actor } & Target) {
  const userId = actor.id;
  await db.notificationMute.deleteMany({ where: { userId, ...target } });
  return { ...target, muted: false };
}

export async function isMuted({ actor, ...target }: { actor: Actor } & Target) {
  const userId = actor.id;
  await requireVisible(userId, target);
  const row = await db.notificationMute.findUnique({
    where: { userId_kind_targetId: { userId, ...target } },
    select: { userId: true },
  });
  return { ...target, muted: row !== null };
}

/** The person's mutes, newest first, named when they can still see the target. */
export async function listMutes({ actor }: { actor: Actor }) {
  const userId = actor.id;
  const mutes = await db.notificationMute.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: { kind: true, targetId: true, createdAt: true },
  });
  const roomIds = mutes.filter((m) => m.kind === "room").map((m) => m.targetId);
  const postIds = mutes.filter((m) => m.kind === "post").map((m) => m.targetId);
  const [rooms, posts] = await Promise.all([
    db.room.findMany({
      where: { id: { in: roomIds }, OR: [{ visibility: "PUBLIC" }, { members: { some: { userId } } }] },
      select: { id: true, name: true },
    }),
    db.post.findMany({ where: { id: { in: postIds } }, select: { id: true, title: true } }),
  ]);
  const names = new Map<string, string>([
    ...rooms.map((r) => [`room:${r.id}`, r.name] as const),
    ...posts.map((p) => [`post:${p.id}`, p.title] as const),
  ]);
  return mutes.map((m) => ({
    kind: m.kind as "room" | "post" | "conversation",
    targetId: m.targetId,
    name: m.kind === "conversation" ? "A direct conversation" : (names.get(`${m.kind}:${m.targetId}`) ?? null),
    createdAt: m.createdAt,
  }));
}
