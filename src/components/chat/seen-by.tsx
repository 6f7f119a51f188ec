// Read receipts: "Seen by Alice, Bob" under the newest message each person
// has read (not the viewer, and not under a person's own message).
import type { ChatMessageView, ReadPositionView } from "@/lib/events";

/** message id → who has read up to exactly it. */
export function readersByMessage(reads: readonly ReadPositionView[], meId: string): Map<string, ReadPositionView["reader"][]> {
  const map = new Map<string, ReadPositionView["reader"][]>();
  for (const r of reads) {
    if (r.reader.id === meId) continue;
    map.set(r.messageId, [...(map.get(r.messageId) ?? []), r.reader]);
  }
  return map;
}

/** One read position replaced (they only move forward: the event is the newest). */
export function readsWithRead(reads: readonly ReadPositionView[], read: ReadPositionView): ReadPositionView[] {
  return [...reads.filter((r) => r.reader.id !== read.reader.id), read];
}

export function SeenBy(props: { message: ChatMessageView; readers: Map<string, ReadPositionView["reader"][]> }) {
  const names = (props.readers.get(props.message.id) ?? [])
    .filter((r) => r.id !== props.message.author.id)
    .map((r) => r.name)
    .sort((a, b) => a.localeCompare(b));
  if (names.length === 0) return null;
  return (
    <p className="seen-by muted" data-testid="seen-by">
      Seen by {names.join(", ")}
    </p>
  );
}
