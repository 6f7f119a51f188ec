"use client";
// One room or conversation in a list: its name, unread count and newest message.
import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { unreadLabel, type ChatEntry } from "@/lib/conversations/chat-cache";
import "./chat.css";

export function ChatListItem(props: { chat: ChatEntry | undefined; href: string; title: string; meId?: string; children?: React.ReactNode }) {
  const { chat } = props;
  const unread = chat?.unread ?? 0;
  const last = chat?.lastMessage;
  return (
    <li className="card chat-item" data-testid="chat-item" data-chat-id={chat?.id} data-unread={unread > 0}>
      <Link href={props.href} className="card-link">
        {props.title}
      </Link>
      <span className="chat-unread" data-testid="chat-unread" hidden={unread === 0} aria-label={`${unread} unread`}>
        {unreadLabel(unread)}
      </span>
      <p className="chat-item-last muted" data-testid="chat-last">
        {last ? (
          <>
            {last.author.id === props.meId ? "You" : last.author.name}: {last.body} · <RelativeTime iso={last.createdAt} />
          </>
        ) : (
          "No messages yet"
        )}
      </p>
      {props.children}
    </li>
  );
}
