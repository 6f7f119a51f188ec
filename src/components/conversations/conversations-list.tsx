"use client";
// The person's conversations, newest activity first, with unread counts and
// their newest message, reordered live (the chat summary's events).
import Link from "next/link";
import { ListSkeleton } from "@/components/ui/list-skeleton";
import { LoadError } from "@/components/ui/load-error";
import { ChatListItem } from "@/components/chat/chat-list-item";
import { useChatSummary } from "@/components/chat/use-chat-summary";
import "./conversations.css";

export function ConversationsList({ meId }: { meId: string }) {
  const summary = useChatSummary();
  return (
    <div className="stack">
      <h1>Messages</h1>
      <p>
        <Link href="/messages/new" className="button button-primary">
          New conversation
        </Link>
      </p>
      {summary.isPending ? (
        <ListSkeleton label="Loading conversations…" />
      ) : summary.isError ? (
        <LoadError what="Your conversations" error={summary.error} onRetry={() => void summary.refetch()} />
      ) : summary.data.conversations.length === 0 ? (
        <div className="empty-state">
          <h2>No conversations yet</h2>
          <p>Start one above, or with “Message” next to someone’s name in a room or the feed.</p>
        </div>
      ) : (
        <ul className="chat-list" data-testid="conversation-list" aria-label="Conversations">
          {summary.data.conversations.map((c) => (
            <ChatListItem key={c.id} chat={c} href={`/messages/${c.id}`} title={c.title} meId={meId} />
          ))}
        </ul>
      )}
    </div>
  );
}
