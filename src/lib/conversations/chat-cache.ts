// Applying a person's "chat.*" events (their own channel) to the loaded chat
// summary (`conversations.summary`): the rooms and conversations lists, their
// unread counts and the header's total. Idempotent: an event whose message
// the list already has (or has a newer one than) changes nothing.
import type { ChatKind, EventEnvelope, LastMessageView } from "@/lib/events";

export type ChatEntry = {
  kind: ChatKind;
  id: string;
  title: string;
  unread: number;
  lastMessage: LastMessageView | null;
  activityAt: string;
  participants: { id: string; name: string }[];
};

export type ChatSummaryData = { head: number; rooms: ChatEntry[]; conversations: ChatEntry[] };

/** Newest activity first (the id breaks ties, so every tab shows the same order). */
function byActivity(a: ChatEntry, b: ChatEntry): number {
  if (a.activityAt !== b.activityAt) return a.activityAt < b.activityAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function isNewer(message: LastMessageView, than: LastMessageView | null): boolean {
  if (!than) return true;
  if (message.createdAt !== than.createdAt) return message.createdAt > than.createdAt;
  return message.id > than.id;
}

/**
 * `open`: the chat this tab shows (its new messages are read at once, so
 * they do not count as unread here; the read that follows clears the others).
 */
export function chatsWithEvent(
  data: ChatSummaryData,
  event: EventEnvelope,
  meId: string,
  open: { kind: ChatKind; id: string } | null,
): ChatSummaryData {
  if (event.type === "chat.activity") {
    const { kind, id, title, lastMessage } = event.data;
    const key = kind === "room" ? "rooms" : "conversations";
    const list = data[key];
    const current = list.find((c) => c.id === id);
    if (current && !isNewer(lastMessage, current.lastMessage)) return data;
    const counts = lastMessage.author.id !== meId && !(open?.kind === kind && open.id === id);
    const entry: ChatEntry = {
      kind,
      id,
      title: current?.title ?? title,
      participants: current?.participants ?? [],
      unread: counts ? Math.min((current?.unread ?? 0) + 1, 100) : (current?.unread ?? 0),
      lastMessage,
      activityAt: lastMessage.createdAt,
    };
    return { ...data, [key]: [entry, ...list.filter((c) => c.id !== id)].sort(byActivity) };
  }
  if (event.type === "chat.read") {
    const key = event.data.kind === "room" ? "rooms" : "conversations";
    const list = data[key];
    const current = list.find((c) => c.id === event.data.id);
    if (!current || current.unread === event.data.unread) return data;
    return { ...data, [key]: list.map((c) => (c.id === event.data.id ? { ...c, unread: event.data.unread } : c)) };
  }
  return data;
}

/** The header's total: unread messages in rooms and conversations. */
export function unreadTotal(data: ChatSummaryData | undefined): number {
  if (!data) return 0;
  return [...data.rooms, ...data.conversations].reduce((sum, c) => sum + c.unread, 0);
}

/** "99+" past what is counted. */
export function unreadLabel(count: number): string {
  return count >= 100 ? "99+" : String(count);
}
