// Applying a room channel's events to the loaded room (the `rooms.open`
// answer): small diffs keyed by id, idempotent (an event the state already
// includes changes nothing), framework-free so tests use the same code.
import type { AgendaItemView, EventEnvelope, RoomMessageView } from "@/lib/events";

/**
 * Agenda order: by fractional-indexing key in plain code-unit order (the
 * keys' alphabet is ASCII; a database collation could order "a" before
 * "B"), then by id so that even equal keys sort the same everywhere.
 */
export function compareAgenda(a: AgendaItemView, b: AgendaItemView): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function agendaWithEvent(items: AgendaItemView[], event: EventEnvelope): AgendaItemView[] {
  switch (event.type) {
    case "agenda.inserted":
      return [...items.filter((i) => i.id !== event.data.item.id), event.data.item].sort(compareAgenda);
    case "agenda.updated":
      return items.map((i) => (i.id === event.data.item.id ? event.data.item : i));
    case "agenda.deleted":
      return items.filter((i) => i.id !== event.data.id);
    case "agenda.moved":
      // The key decides; from/to describe the move for people (and logs).
      return items
        .map((i) => (i.id === event.data.id ? { ...i, position: event.data.position } : i))
        .sort(compareAgenda);
    default:
      return items;
  }
}

/** Messages oldest first; a message already present (the sender's own) is replaced, never doubled. */
export function messagesWithEvent(messages: RoomMessageView[], event: EventEnvelope): RoomMessageView[] {
  switch (event.type) {
    case "message.created":
      return messagesWithMessage(messages, event.data.message);
    case "message.updated":
      return messages.map((m) => (m.id === event.data.message.id ? event.data.message : m));
    case "message.deleted":
      return messages.filter((m) => m.id !== event.data.id);
    default:
      return messages;
  }
}

export function messagesWithMessage<M extends { id: string; createdAt: string }>(messages: M[], message: M): M[] {
  if (messages.some((m) => m.id === message.id)) return messages.map((m) => (m.id === message.id ? message : m));
  const next = [...messages, message];
  // Usually already last; keep (createdAt, id) order when two cross.
  return next.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
}
