// The imports page's list of datasets, kept live by the owner's channel.
// Framework-free so it is unit-tested.
import type { DatasetListView, EventEnvelope } from "@/lib/events";
import type { DatasetSummary } from "@/lib/imports";

type DatasetListItem = DatasetListView & { summary: DatasetSummary | null };

export type DatasetList = {
  /** The newest event id of the owner's channel the list includes. */
  head: number;
  /** Newest first. */
  items: DatasetListItem[];
};

/**
 * The list after one event of the owner's channel. A new dataset (an import
 * started in any tab, or through the API) goes on top once: one the list
 * already has, by id, is left as it is (the loaded state may be newer).
 */
export function datasetsWithEvent(list: DatasetList, event: EventEnvelope): DatasetList {
  if (event.id <= list.head) return list;
  const head = event.id;
  if (event.type !== "dataset.created") return { ...list, head };
  const dataset = event.data.dataset;
  if (list.items.some((item) => item.id === dataset.id)) return { ...list, head };
  return { head, items: [{ ...dataset, summary: null }, ...list.items] };
}
