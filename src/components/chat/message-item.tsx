"use client";
// One message: text only (React escapes it), with Edit for its author and
// Delete for its author or the room's owner. Changes show through their
// events, on every page at once.
import { useMutation } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { SaveCancel } from "@/components/forms/save-cancel";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { MentionText } from "@/components/mentions/mention-text";
import { ReactionBar } from "@/components/reactions/reaction-bar";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ReactionSubjectKind } from "@/lib/reactions/reactions";
import type { ChatMessageView } from "@/lib/events";
import { editMessageInput } from "@/lib/validation/rooms";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

/** `reactionKind`: what its reactions are on (a room's message unless told; null: none). */
export function MessageItem(props: {
  message: ChatMessageView;
  meId: string;
  canModerate: boolean;
  reactionKind?: ReactionSubjectKind | null;
  readOnly?: boolean;
  children?: ReactNode;
}) {
  const { message: m, meId } = props;
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const remove = useMutation(trpc.rooms.deleteMessage.mutationOptions());
  const mine = m.author.id === meId;

  return (
    <li id={`message-${m.id}`} className="message-item" data-testid="message-item" data-message-id={m.id}>
      <p className="message-meta">
        <strong>{mine ? "You" : m.author.name}</strong>{" "}
        <span className="muted">
          <RelativeTime iso={m.createdAt} />
          {m.editedAt && " · edited"}
        </span>
        {!editing && !props.readOnly && (mine || props.canModerate) && (
          <span className="message-actions">
            {mine && (
              <button
                type="button"
                className="button button-small button-quiet"
                aria-label="Edit your message"
                onClick={() => setEditing(true)}
              >
                Edit
              </button>
            )}
            <button
              type="button"
              className="button button-small button-quiet"
              aria-label={mine ? "Delete your message" : `Delete message by ${m.author.name}`}
              disabled={remove.isPending}
              onClick={() => remove.mutate({ id: m.id })}
            >
              Delete
            </button>
          </span>
        )}
      </p>
      {editing ? (
        <EditMessageForm message={m} onDone={() => setEditing(false)} />
      ) : (
        <p className="message-body">
          <MentionText text={m.body} />
        </p>
      )}
      {props.reactionKind !== null && <ReactionBar kind={props.reactionKind ?? "message"} id={m.id} viewerId={meId} />}
      {remove.isError && <FormAlert tone="error">{errorMessage(remove.error)}</FormAlert>}
      {props.children}
    </li>
  );
}

function EditMessageForm({ message, onDone }: { message: ChatMessageView; onDone: () => void }) {
  const trpc = useTRPC();
  const form = useLiveForm(editMessageInput, { id: message.id, body: message.body });
  const edit = useMutation(
    trpc.rooms.editMessage.mutationOptions({
      onSuccess: onDone,
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );
  return (
    <form method="post" className="form" aria-label="Edit your message" noValidate onSubmit={form.handleSubmit((input) => edit.mutate(input))}>
      <TextField label="Message" multiline required {...form.field("body")} />
      {edit.isError && !serverFieldErrors(edit.error).body && <FormAlert tone="error">{errorMessage(edit.error)}</FormAlert>}
      <SaveCancel saving={edit.isPending} onCancel={onDone} />
    </form>
  );
}
