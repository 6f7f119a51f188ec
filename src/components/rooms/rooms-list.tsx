"use client";
// The rooms a person can open (public ones and their private ones), and a
// form to create one.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ListSkeleton } from "@/components/ui/list-skeleton";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { LoadError } from "@/components/ui/load-error";
import { RelativeTime } from "@/components/ui/relative-time";
import { createRoomInput } from "@/lib/validation/rooms";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { ChatListItem } from "@/components/chat/chat-list-item";
import { useChatSummary } from "@/components/chat/use-chat-summary";
import "./rooms.css";

export function RoomsList({ meId }: { meId?: string } = {}) {
  const trpc = useTRPC();
  const router = useRouter();
  const rooms = useQuery(trpc.rooms.list.queryOptions());
  // Unread counts and newest messages, live (the chat summary the header keeps current).
  const chats = useChatSummary();
  const chatOf = new Map((chats.data?.rooms ?? []).map((c) => [c.id, c]));
  const activityOf = (room: { id: string; createdAt: string }) => chatOf.get(room.id)?.activityAt ?? room.createdAt;
  const ordered = [...(rooms.data ?? [])].sort((a, b) =>
    activityOf(a) !== activityOf(b) ? (activityOf(a) < activityOf(b) ? 1 : -1) : a.id < b.id ? 1 : -1,
  );
  const form = useLiveForm(createRoomInput, { name: "", visibility: "PUBLIC" });
  const create = useMutation(
    trpc.rooms.create.mutationOptions({
      onSuccess: (room) => router.push(`/rooms/${room.id}`),
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );
  const visibility = form.field("visibility");

  return (
    <div className="stack">
      <h1>Rooms</h1>
      <form
        method="post"
        className="form card"
        aria-label="New room"
        noValidate
        onSubmit={form.handleSubmit((input) => create.mutate(input))}
      >
        <h2>New room</h2>
        <TextField label="Name" required {...form.field("name")} />
        <fieldset className="field">
          <legend>Who can join</legend>
          {(
            [
              ["PUBLIC", "Everyone signed in"],
              ["PRIVATE", "Only people I add"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="toggle">
              <input
                type="radio"
                name="visibility"
                value={value}
                checked={visibility.value === value}
                onChange={() => visibility.onValueChange(value)}
              />{" "}
              {label}
            </label>
          ))}
        </fieldset>
        {create.isError && <FormAlert tone="error">{errorMessage(create.error)}</FormAlert>}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create room"}
        </button>
      </form>

      {rooms.isPending ? (
        <ListSkeleton label="Loading rooms…" />
      ) : rooms.isError ? (
        <LoadError what="Rooms" error={rooms.error} onRetry={() => void rooms.refetch()} />
      ) : rooms.data.length === 0 ? (
        <div className="empty-state">
          <h2>No rooms yet</h2>
          <p>Create the first one above.</p>
        </div>
      ) : (
        <ul className="room-list" data-testid="room-list">
          {ordered.map((room) => (
            <ChatListItem key={room.id} chat={chatOf.get(room.id)} href={`/rooms/${room.id}`} title={room.name} meId={meId}>
              <p className="muted chat-item-last">
                {room.visibility === "PRIVATE" ? "Private" : "Public"} · by {room.owner.name} ·{" "}
                <RelativeTime iso={room.createdAt} />
              </p>
            </ChatListItem>
          ))}
        </ul>
      )}
    </div>
  );
}
