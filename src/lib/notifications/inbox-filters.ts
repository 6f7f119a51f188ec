// The inbox's views and filters, shared by the server (which turns them into
// a query) and the browser (which decides whether a pushed entry belongs in
// a loaded list), so the two cannot disagree about what a filter shows.
import type { NotificationView } from "@/lib/events";

export const inboxKinds = ["all", "unread", "mentions", "announcements", "imports"] as const;
export type InboxKind = (typeof inboxKinds)[number];

export const inboxKindLabels: Record<InboxKind, string> = {
  all: "All",
  unread: "Unread",
  mentions: "Mentions",
  announcements: "Announcements",
  imports: "Imports",
};

/** What one loaded list shows: the inbox or the Archive, and one kind. */
export type InboxFilter = { kind: InboxKind; archived: boolean };

/**
 * Which notification types a kind takes, as a prefix or an exact type.
 * Mentions are any `mention…` type, whatever later features call theirs.
 */
export const kindTypes: Record<Exclude<InboxKind, "all" | "unread">, { prefix: string } | { type: string }> = {
  mentions: { prefix: "mention" },
  announcements: { type: "broadcast" },
  imports: { prefix: "import." },
};

/** Whether a live entry of the inbox (not archived) belongs in a list with this filter. */
export function matchesFilter(n: NotificationView, filter: InboxFilter): boolean {
  if (filter.archived) return false;
  if (filter.kind === "all") return true;
  if (filter.kind === "unread") return !n.readAt;
  const rule = kindTypes[filter.kind];
  return "prefix" in rule ? n.type.startsWith(rule.prefix) : n.type === rule.type;
}
