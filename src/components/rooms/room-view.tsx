"use client";
// One room: the conversation, who is online and typing, the agenda and (for
// private rooms) the members. Loaded by `rooms.open`, then kept current by
// the events on presence-room.<id>, written into that cached answer (no
// refetch per event). Presence and typing come from the same channel's
// member list and client events (use-room-presence.ts).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { generateKeyBetween } from "fractional-indexing";
import Link from "next/link";
import { useState } from "react";
import { ListSkeleton } from "@/components/ui/list-skeleton";
import { MuteToggle } from "@/components/notifications/mute-toggle";
import { useReactionStore } from "@/components/reactions/use-reaction-store";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { LoadError } from "@/components/ui/load-error";
import { useScrollToHash } from "@/components/ui/use-scroll-to-hash";
import type { AgendaItemView } from "@/lib/events";
import { agendaWithEvent, compareAgenda, messagesWithEvent } from "@/lib/rooms/room-cache";
import { channels } from "@/lib/realtime/channel-names";
import { isNotFound, retryUnlessNotFound } from "@/trpc/errors";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { Agenda } from "./agenda";
import { ChatPanel } from "@/components/chat/chat-panel";
import { Composer } from "@/components/chat/composer";
import { MembersPanel } from "./members-panel";
import { OnlineList } from "./online-list";
import { RoomNotificationSetting } from "./room-notification-setting";
import { useCachedMessages } from "@/components/chat/use-cached-messages";
import { useRoomPresence } from "@/components/chat/use-room-presence";
import { readersByMessage, readsWithRead, SeenBy } from "@/components/chat/seen-by";
import { useOpenChat } from "@/components/chat/use-chat-summary";
import { useReadTracking } from "@/components/chat/use-read-tracking";
import "./rooms.css";

/** A move shown before the server's event: until the event with `waitFor` (or the answer) arrives. */
type PendingMove = { position: string; waitFor: number | null | undefined };

export function RoomView({ roomId, viewer }: { roomId: string; viewer: { id: string } }) {
  const trpc = useTRPC();
  const trpcClient = useTRPCClient();
  const queryClient = useQueryClient();
  const options = trpc.rooms.open.queryOptions(
    { roomId },
    {
      retry: retryUnlessNotFound,
      // Events keep it current; a refetch would drop older pages the reader loaded.
      staleTime: Infinity,
      refetchOnWindowFocus: false,
    },
  );
  const query = useQuery(options);
  // Removed from a private room while on its page: leave the channel, show the refusal.
  const [removed, setRemoved] = useState(false);
  const presence = useRoomPresence(roomId, viewer.id, !removed);
  const { messageFrom } = presence;
  const [appliedHead, setAppliedHead] = useState(0);
  const [pendingMoves, setPendingMoves] = useState<ReadonlyMap<string, PendingMove>>(new Map());
  // A notification's link to a message (#message-<id>) lands on it once the messages are there.
  useScrollToHash(query.isSuccess);
  const reactions = useReactionStore(viewer.id);
  // Unread counts and read receipts (small private rooms): this page reads what it shows.
  useOpenChat("room", roomId);
  useReadTracking("room", roomId, removed ? undefined : query.data?.messages.at(-1)?.id);
  const readsOptions = trpc.conversations.roomReads.queryOptions({ roomId }, { staleTime: Infinity, refetchOnWindowFocus: false });
  const roomReads = useQuery({ ...readsOptions, enabled: !removed });

  useChannelEvents({
    channel: channels.room(roomId),
    baselineId: removed ? undefined : query.data?.head,
    onEvent(event) {
      // Reactions live in their own store, batched per frame (the room's answer is not touched).
      if (reactions.applyEvent(event)) return;
      if (event.type === "room.member-removed" && event.data.userId === viewer.id) {
        setRemoved(true);
        queryClient.removeQueries({ queryKey: options.queryKey });
        return;
      }
      if (event.type === "room.member-added" || event.type === "room.member-removed") {
        void queryClient.invalidateQueries({ queryKey: trpc.rooms.members.queryKey({ roomId }) });
      }
      // The owner's "Invited — pending" list drops an answered invitation.
      if (event.type === "invitation.answered") {
        void queryClient.invalidateQueries({ queryKey: trpc.invitations.pending.queryKey({ roomId }) });
      }
      queryClient.setQueryData(options.queryKey, (data) =>
        data && {
          ...data,
          messages: messagesWithEvent(data.messages, event),
          agenda: agendaWithEvent(data.agenda, event),
        },
      );
      if (event.type === "message.created") messageFrom(event.data.message.author.id);
      if (event.type === "room.read") {
        queryClient.setQueryData(readsOptions.queryKey, (data) => data && { ...data, reads: readsWithRead(data.reads, event.data) });
      }
      setAppliedHead((h) => Math.max(h, event.id));
    },
    async onReset() {
      const fresh = await queryClient.fetchQuery({ ...options, staleTime: 0 });
      setPendingMoves(new Map());
      return fresh.head;
    },
  });

  const { older, loadOlder, addMessage } = useCachedMessages(options.queryKey, query.data?.messages[0]?.id, (cursor) =>
    trpcClient.rooms.olderMessages.query({ roomId, cursor, limit: 30 }),
  );

  const move = useMutation(trpc.rooms.moveAgendaItem.mutationOptions());
  const serverAgenda = query.data?.agenda;
  const baseline = query.data?.head ?? 0;
  // A provisional position counts until the server's event for it was applied.
  const agenda: AgendaItemView[] = (serverAgenda ?? [])
    .map((item) => {
      const pending = pendingMoves.get(item.id);
      const settled = pending && typeof pending.waitFor === "number" && pending.waitFor <= Math.max(appliedHead, baseline);
      return pending && !settled && pending.waitFor !== null ? { ...item, position: pending.position } : item;
    })
    .sort(compareAgenda);

  function moveItem(item: AgendaItemView, to: number) {
    const from = agenda.findIndex((i) => i.id === item.id);
    if (from < 0 || from === to) return;
    const rest = agenda.filter((i) => i.id !== item.id);
    let position: string | null = null;
    try {
      position = generateKeyBetween(rest[to - 1]?.position ?? null, rest[to]?.position ?? null);
    } catch {
      position = null; // neighbours out of order for a moment: wait for the server
    }
    if (position) setPendingMoves((m) => new Map(m).set(item.id, { position: position!, waitFor: undefined }));
    move.mutate(
      { id: item.id, toIndex: to },
      {
        onSuccess: (result) =>
          setPendingMoves((m) => {
            const next = new Map(m);
            if (result.eventId === null) next.delete(item.id);
            else if (next.get(item.id)?.position === position) next.set(item.id, { position: position!, waitFor: result.eventId });
            return next;
          }),
        onError: () =>
          setPendingMoves((m) => {
            const next = new Map(m);
            next.delete(item.id);
            return next;
          }),
      },
    );
  }

  if (removed) return <RoomRefused />;

  if (query.isPending) return <ListSkeleton label="Loading the room…" />;
  if (!query.data) {
    if (isNotFound(query.error)) return <RoomRefused />;
    return <LoadError what="This room" error={query.error} onRetry={() => void query.refetch()} />;
  }

  const { room, messages, hasOlder } = query.data;
  return (
    <div className="room-page" data-testid="room-page" data-room-id={room.id}>
      <header className="room-header">
        <p>
          <Link href="/rooms">← Rooms</Link>
        </p>
        <h1>{room.name}</h1>
        <p className="muted">
          {room.visibility === "PRIVATE" ? "Private room" : "Public room"} · created by {room.owner.name}
        </p>
        <p>
          <MuteToggle kind="room" targetId={room.id} label="Mute room" />
        </p>
        <RoomNotificationSetting roomId={room.id} />
      </header>
      <div className="room-layout">
        <ChatPanel
          messages={messages}
          hasOlder={hasOlder}
          older={older}
          onLoadOlder={() => void loadOlder()}
          meId={viewer.id}
          canModerate={room.owner.id === viewer.id}
          renderAfter={
            roomReads.data?.enabled
              ? (m) => <SeenBy message={m} readers={readersByMessage(roomReads.data.reads, viewer.id)} />
              : undefined
          }
          typingNames={presence.typingNames}
          composer={
            <Composer roomId={room.id} onSent={addMessage} onTyped={presence.typed} onStoppedTyping={presence.stoppedTyping} />
          }
        />
        <aside className="room-side">
          <OnlineList members={presence.members} />
          <Agenda roomId={room.id} items={agenda} onMove={moveItem} moveError={move.error} />
          {room.visibility === "PRIVATE" && (
            <MembersPanel roomId={room.id} isOwner={room.owner.id === viewer.id} ownerId={room.owner.id} />
          )}
        </aside>
      </div>
    </div>
  );
}

export function RoomRefused() {
  return (
    <div className="empty-state" role="alert" data-testid="room-refused">
      <h1>You cannot open this room</h1>
      <p>It does not exist, or it is private and you are not a member. Ask its owner to add you.</p>
      <Link href="/rooms" className="button button-primary">
        Back to rooms
      </Link>
    </div>
  );
}
