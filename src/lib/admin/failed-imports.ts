// The admin page's list of failed imports, kept live by `private-admin` events.
// Framework-free so it is unit-tested.
import type { EventEnvelope, FailedImportView } from "@/lib/events";

export type FailedImportList = {
  /** The newest `private-admin` event id the list includes. */
  head: number;
  /** Newest first. */
  items: FailedImportView[];
};

/** The most the page keeps: as many as the server lists. */
const KEPT = 20;

/** The list after one event; an event the list already includes (id at or below its head) changes nothing. */
export function failedImportsWithEvent(list: FailedImportList, event: EventEnvelope): FailedImportList {
  if (event.id <= list.head) return list;
  const head = event.id;
  if (event.type !== "import.failed") return { ...list, head };
  const failure = event.data.failure;
  const others = list.items.filter((item) => item.processId !== failure.processId);
  return { head, items: [failure, ...others].slice(0, KEPT) };
}
