// The admin page's list of dead letters, kept live by `private-admin` events.
// Framework-free so it is unit-tested.
import type { DeadLetterView, EventEnvelope } from "@/lib/events";

export type DeadLetterList = {
  /** The newest `private-admin` event id the list includes. */
  head: number;
  /** Unresolved ones in all (the list shows at most the newest 100). */
  unresolved: number;
  /** Unresolved ones, newest first. */
  items: DeadLetterView[];
};

/** The list after one event; an event the list already includes (id at or below its head) changes nothing. */
export function deadLettersWithEvent(list: DeadLetterList, event: EventEnvelope): DeadLetterList {
  if (event.id <= list.head) return list;
  const head = event.id;
  if (event.type === "dead-letter.created") {
    return { head, unresolved: list.unresolved + 1, items: [event.data.deadLetter, ...list.items] };
  }
  if (event.type === "dead-letter.resolved") {
    const id = event.data.deadLetter.id;
    return { head, unresolved: Math.max(0, list.unresolved - 1), items: list.items.filter((item) => item.id !== id) };
  }
  return { ...list, head };
}
