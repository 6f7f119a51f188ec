"use client";
// Beside the bell: how many messages are unread in rooms and conversations,
// live in every tab. Links to the conversations.
import Link from "next/link";
import { unreadLabel, unreadTotal } from "@/lib/conversations/chat-cache";
import { useLiveChats } from "@/components/chat/use-chat-summary";
import "./conversations.css";

export function MessagesBadge({ userId }: { userId: string }) {
  const summary = useLiveChats(userId);
  const total = unreadTotal(summary.data);
  return (
    <Link
      href="/messages"
      className="messages-link"
      data-testid="messages-link"
      aria-label={total > 0 ? `Messages, ${total} unread` : "Messages"}
    >
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" />
      </svg>
      <span className="badge" data-testid="messages-badge" hidden={total === 0} aria-hidden="true">
        {unreadLabel(total)}
      </span>
    </Link>
  );
}
