// A room's agenda: an ordered list every member edits. Each change takes the
// room channel's lock first, reads the current order, writes, and appends
// one small diff event (inserted / updated / deleted / moved), all in one
// transaction. Changes are therefore serialized per room, and the events'
// ids give every viewer the same sequence of diffs: applying them in id
// order converges to the database's order, whoever moved what at the same
// moment.
//
// Order is a fractional-indexing key per item: a move rewrites only the
// moved item's key (between its new neighbours), and the event carries that
// key, so clients never compute it themselves.
import "server-only";
import { generateKeyBetween } from "fractional-indexing";
import { AGENDA_ITEMS_MAX } from "@/lib/validation/rooms";
import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, lockChannel, transactionWithEvents } from "../realtime/outbox";
import { requireRoom } from "./room-access";
import { agendaSelect, compareAgenda } from "./room-view";

const ITEM_NOT_FOUND = "That agenda item does not exist (it may have been removed).";

/** The room's items in order, read under the room channel's lock. */
async function lockedAgenda(tx: Tx, roomId: string) {
  await lockChannel(tx, channels.room(roomId));
  const items = await tx.agendaItem.findMany({ where: { roomId }, select: agendaSelect });
  return items.sort(compareAgenda);
}

/** The item's room, if `userId` may see it (NOT_FOUND otherwise: nothing leaks). */
async function roomOfItem(userId: string, id: string): Promise<string> {
  const found = await db.agendaItem.findUnique({ where: { id }, select: { roomId: true } });
  if (!found) throw new AppError("NOT_FOUND", ITEM_NOT_FOUND);
  await requireRoom(db, userId, found.roomId).catch(() => {
    throw new AppError("NOT_FOUND", ITEM_NOT_FOUND);
  });
  return found.roomId;
}

export async function addAgendaItem(options: { actor: Actor; roomId: string; title: string; url: string | null }) {
  await requireRoom(db, options.actor.id, options.roomId);
  return transactionWithEvents(db, async (tx) => {
    const items = await lockedAgenda(tx, options.roomId);
    if (items.length >= AGENDA_ITEMS_MAX) {
      throw new AppError("BAD_REQUEST", `An agenda holds at most ${AGENDA_ITEMS_MAX} items; remove some first.`);
    }
    const item = await tx.agendaItem.create({
      data: {
        roomId: options.roomId,
        title: options.title,
        url: options.url,
        position: generateKeyBetween(items.at(-1)?.position ?? null, null),
      },
      select: agendaSelect,
    });
    const eventId = await appendEvent(tx, channels.room(options.roomId), "agenda.inserted", {
      item,
      index: items.length,
    });
    return { item, eventId };
  });
}

export async function updateAgendaItem(options: { actor: Actor; id: string; title: string; url: string | null }) {
  const roomId = await roomOfItem(options.actor.id, options.id);
  return transactionWithEvents(db, async (tx) => {
    await lockChannel(tx, channels.room(roomId));
    const { count } = await tx.agendaItem.updateMany({
      where: { id: options.id },
      data: { title: options.title, url: options.url },
    });
    if (count === 0) throw new AppError("NOT_FOUND", ITEM_NOT_FOUND);
    const item = await tx.agendaItem.findUniqueOrThrow({ where: { id: options.id }, select: agendaSelect });
    const eventId = await appendEvent(tx, channels.room(roomId), "agenda.updated", { item });
    return { item, eventId };
  });
}

export async function deleteAgendaItem(options: { actor: Actor; id: string }) {
  const roomId = await roomOfItem(options.actor.id, options.id);
  return transactionWithEvents(db, async (tx) => {
    const items = await lockedAgenda(tx, roomId);
    const index = items.findIndex((i) => i.id === options.id);
    if (index < 0) throw new AppError("NOT_FOUND", ITEM_NOT_FOUND);
    await tx.agendaItem.delete({ where: { id: options.id } });
    const eventId = await appendEvent(tx, channels.room(roomId), "agenda.deleted", { id: options.id, index });
    return { id: options.id, eventId };
  });
}

/**
 * Moves an item to `toIndex` of the order as it is when the move runs (the
 * mover's view may be a moment old; the last move to commit decides). A
 * move to where the item already is changes nothing and emits no event.
 */
export async function moveAgendaItem(options: { actor: Actor; id: string; toIndex: number }) {
  const roomId = await roomOfItem(options.actor.id, options.id);
  return transactionWithEvents(db, async (tx) => {
    const items = await lockedAgenda(tx, roomId);
    const from = items.findIndex((i) => i.id === options.id);
    if (from < 0) throw new AppError("NOT_FOUND", ITEM_NOT_FOUND);
    const rest = items.filter((i) => i.id !== options.id);
    const to = Math.min(options.toIndex, rest.length);
    if (to === from) return { id: options.id, from, to, position: items[from]!.position, eventId: null };
    const position = generateKeyBetween(rest[to - 1]?.position ?? null, rest[to]?.position ?? null);
    await tx.agendaItem.update({ where: { id: options.id }, data: { position } });
    const eventId = await appendEvent(tx, channels.room(roomId), "agenda.moved", { id: options.id, from, to, position });
    return { id: options.id, from, to, position, eventId };
  });
}
