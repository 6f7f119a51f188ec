"use client";
// One direct conversation: loaded by `conversations.open`, then kept current
// by the events on private-conversation.<id> (messages, read receipts, reactions),
// written into that cached answer. Typing travels as client events on its
// presence companion, presence-conversation.<id>, with the rooms' code.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useCallback } from "react";
import { ListSkeleton } from "@/components/ui/list-skeleton";
import { MuteToggle } from "@/components/notifications/mute-toggle";
import { useReactionStore } from "@/components/reactions/use-reaction-store";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { Composer } from "@/components/chat/composer";
import { MessageList } from "@/components/chat/message-list";
import { useOlderMessages } from "@/components/chat/use-older-messages";
import { useRoomPresence } from "@/components/chat/use-room-presence";
import { LoadError } from "@/components/ui/load-error";
import type { ConversationMessageView } from "@/lib/events";
import { typingLine } from "@/lib/rooms/presence";
import { messagesWithMessage } from "@/lib/rooms/room-cache";
import { channels } from "@/lib/realtime/channel-names";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { readersByMessage, readsWithRead, SeenBy } from "@/components/chat/seen-by";
import { useOpenChat } from "@/components/chat/use-chat-summary";
import { useReadTracking, useViewingConversation } from "@/components/chat/use-read-tracking";
import "./conversations.css";

function isNotFound(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "NOT_FOUND";
}

export function ConversationView({ conversationId, viewer }: { conversationId: string; viewer: { id: string } }) {
  const trpc = useTRPC();
  const trpcClient = useTRPCClient();
  const queryClient = useQueryClient();
  const options = trpc.conversations.open.queryOptions(
    { conversationId },
    { retry: (count, error) => !isNotFound(error) && count < 2, staleTime: Infinity, refetchOnWindowFocus: false },
  );
  const query = useQuery(options);
  const presence = useRoomPresence(conversationId, viewer.id, true, channels.conversationPresence(conversationId));
  const { messageFrom } = presence;
  const reactions = useReactionStore(viewer.id);
  useOpenChat("conversation", conversationId);
  const visible = useReadTracking("conversation", conversationId, query.data?.messages.at(-1)?.id);
  useViewingConversation(conversationId, visible);

  useChannelEvents({
    channel: channels.conversation(conversationId),
    baselineId: query.data?.head,
    onEvent(event) {
      // Reactions live in their own store, batched per frame (the conversation's answer is not touched).
      if (reactions.applyEvent(event)) return;
      if (event.type === "conversation.message-created") {
        queryClient.setQueryData(options.queryKey, (data) =>
          data && { ...data, messages: messagesWithMessage(data.messages, event.data.message) },
        );
        messageFrom(event.data.message.author.id);
      } else if (event.type === "conversation.read") {
        queryClient.setQueryData(options.queryKey, (data) => data && { ...data, reads: readsWithRead(data.reads, event.data) });
      }
    },
    async onReset() {
      return (await queryClient.fetchQuery({ ...options, staleTime: 0 })).head;
    },
  });

  const addSent = useCallback(
    (message: ConversationMessageView) =>
      queryClient.setQueryData(options.queryKey, (data) => data && { ...data, messages: messagesWithMessage(data.messages, message) }),
    [queryClient, options.queryKey],
  );

  const { older, loadOlder } = useOlderMessages(options.queryKey, query.data?.messages[0]?.id, (cursor) =>
    trpcClient.conversations.messages.query({ conversationId, cursor, limit: 30 }),
  );

  if (query.isPending) return <ListSkeleton label="Loading the conversation…" />;
  if (!query.data) {
    if (isNotFound(query.error)) return <ConversationRefused />;
    return <LoadError what="This conversation" error={query.error} onRetry={() => void query.refetch()} />;
  }

  const { conversation, messages, hasOlder, reads } = query.data;
  const readers = readersByMessage(reads, viewer.id);
  const typing = typingLine(presence.typingNames);
  return (
    <div className="room-page" data-testid="conversation-page" data-conversation-id={conversation.id}>
      <header className="room-header">
        <p>
          <Link href="/messages">← Messages</Link>
        </p>
        <h1>{conversation.title}</h1>
        <p className="muted">
          {conversation.participants.length > 2 ? `Group of ${conversation.participants.length}` : "Direct conversation"} ·{" "}
          {conversation.participants.map((p) => (p.id === viewer.id ? "you" : p.name)).join(", ")}
        </p>
        <p>
          <MuteToggle kind="conversation" targetId={conversation.id} label="Mute conversation" />
        </p>
      </header>
      <section className="room-chat card" aria-label="Conversation">
        <MessageList
          messages={messages}
          hasOlder={hasOlder}
          loadingOlder={older.loading}
          olderError={older.error}
          onLoadOlder={() => void loadOlder()}
          meId={viewer.id}
          canModerate={false}
          readOnly
          reactionKind="conversationMessage"
          renderAfter={(m) => <SeenBy message={m} readers={readers} />}
        />
        <p className="typing-line" data-testid="typing-line" aria-live="polite">
          {typing ?? " "}
        </p>
        <Composer
          conversationId={conversation.id}
          onSent={addSent}
          onTyped={presence.typed}
          onStoppedTyping={presence.stoppedTyping}
        />
      </section>
    </div>
  );
}

export function ConversationRefused() {
  return (
    <div className="empty-state" role="alert" data-testid="conversation-refused">
      <h1>You cannot open this conversation</h1>
      <p>It does not exist, or you are not in it.</p>
      <Link href="/messages" className="button button-primary">
        Back to messages
      </Link>
    </div>
  );
}
