"use client";
// The chat summary (rooms and conversations with unread counts and newest
// messages), loaded once per tab and kept current by the "chat.*" events on
// the person's own channel (LiveChats, mounted with the header's badge).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { chatsWithEvent } from "@/lib/conversations/chat-cache";
import type { ChatKind } from "@/lib/events";
import { channels } from "@/lib/realtime/channel-names";
import { useTRPC } from "@/trpc/react";

export function useChatSummary() {
  const trpc = useTRPC();
  // Events keep it current: no refetch on focus.
  return useQuery(trpc.conversations.summary.queryOptions(undefined, { staleTime: Infinity, refetchOnWindowFocus: false }));
}

// The room or conversation this tab shows: its new messages are read at
// once, so they never count as unread here (one tab, one page at a time).
let openChat: { kind: ChatKind; id: string } | null = null;

/** Marks the chat as the one this tab shows, while the component is mounted. */
export function useOpenChat(kind: ChatKind, id: string) {
  useEffect(() => {
    const mine = { kind, id };
    openChat = mine;
    return () => {
      if (openChat === mine) openChat = null;
    };
  }, [kind, id]);
}

/** Applies the person's chat events to the summary; once per tab. */
export function useLiveChats(userId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const summary = useChatSummary();
  const queryKey = trpc.conversations.summary.queryKey();
  useChannelEvents({
    channel: channels.user(userId),
    baselineId: summary.data?.head,
    onEvent(event) {
      if (event.type !== "chat.activity" && event.type !== "chat.read") return;
      queryClient.setQueryData(queryKey, (data) => data && { ...data, ...chatsWithEvent(data, event, userId, openChat) });
    },
    async onReset() {
      const fresh = await queryClient.fetchQuery({ ...trpc.conversations.summary.queryOptions(), staleTime: 0 });
      return fresh.head;
    },
  });
  return summary;
}
