"use client";
// One direct conversation: loaded by `conversations.open`, then kept current
// by the events on private-conversation.<id> (messages, read receipts, reactions),
// written into that cached answer. Typing travels as client events on its
// presence companion, presence-conversation.<id>, with the rooms' code.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { ListSkeleton } from "@/components/ui/list-skeleton";
import { MuteToggle } from "@/components/notifications/mute-toggle";
import { useReactionStore } from "@/components/reactions/use-reaction-store";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { ChatPanel } from "@/components/chat/chat-panel";
import { Composer } from "@/components/chat/composer";
import { useCachedMessages } from "@/components/chat/use-cached-messages";
import { useRoomPresence } from "@/components/chat/use-room-presence";
import { LoadError } from "@/components/ui/load-error";
import { channels } from "@/lib/realtime/channel-names";
import { isNotFound, retryUnlessNotFound } from "@/trpc/errors";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { readersByMessage, readsWithRead, SeenBy } from "@/components/chat/seen-by";
import { useOpenChat } from "@/components/chat/use-chat-summary";
import { useReadTracking, useViewingConversation } from "@/components/chat/use-read-tracking";
import "./conversations.css";

export function ConversationView({ conversationId, viewer }: { conversationId: string; viewer: { id: string } }) {
  const trpc = useTRPC();
  const trpcClient = useTRPCClient();
  const queryClient = useQueryClient();
  const options = trpc.conversations.open.queryOptions(
    { conversationId },
    // Events keep it current; a refetch would drop older pages the reader loaded.
    { retry: retryUnlessNotFound, staleTime: Infinity, refetchOnWindowFocus: false },
  );
  const query = useQuery(options);
  const presence = useRoomPresence(conversationId, viewer.id, true, channels.conversationPresence(conversationId));
  const { messageFrom } = presence;
  const reactions = useReactionStore(viewer.id);
  const { older, loadOlder, addMessage } = useCachedMessages(options.queryKey, query.data?.messages[0]?.id, (cursor) =>
    trpcClient.conversations.messages.query({ conversationId, cursor, limit: 30 }),
  );
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
        addMessage(event.data.message);
        messageFrom(event.data.message.author.id);
      } else if (event.type === "conversation.read") {
        queryClient.setQueryData(options.queryKey, (data) => data && { ...data, reads: readsWithRead(data.reads, event.data) });
      }
    },
    async onReset() {
      return (await queryClient.fetchQuery({ ...options, staleTime: 0 })).head;
    },
  });

  if (query.isPending) return <ListSkeleton label="Loading the conversation…" />;
  if (!query.data) {
    if (isNotFound(query.error)) return <ConversationRefused />;
    return <LoadError what="This conversation" error={query.error} onRetry={() => void query.refetch()} />;
  }

  const { conversation, messages, hasOlder, reads } = query.data;
  const readers = readersByMessage(reads, viewer.id);
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
      <ChatPanel
        messages={messages}
        hasOlder={hasOlder}
        older={older}
        onLoadOlder={() => void loadOlder()}
        meId={viewer.id}
        canModerate={false}
        readOnly
        reactionKind="conversationMessage"
        renderAfter={(m) => <SeenBy message={m} readers={readers} />}
        typingNames={presence.typingNames}
        composer={
          <Composer
            conversationId={conversation.id}
            onSent={addMessage}
            onTyped={presence.typed}
            onStoppedTyping={presence.stoppedTyping}
          />
        }
      />
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
