"use client";
// Writing a message: the server's rules as the person types (and a count
// near the limit), typing signals while they type, and the sent message in
// the conversation at once (its event, when it comes, finds it there).
import { useMutation } from "@tanstack/react-query";
import { useId, useRef } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { useMentionPicker } from "@/components/mentions/use-mention-picker";
import { useLiveForm } from "@/components/forms/use-live-form";
import type { ConversationMessageView, RoomMessageView } from "@/lib/events";
import { MESSAGE_BODY_MAX, sendMessageInput } from "@/lib/validation/rooms";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import "./chat.css";

type Props = (
  | { roomId: string; conversationId?: undefined; onSent: (message: RoomMessageView) => void }
  | { roomId?: undefined; conversationId: string; onSent: (message: ConversationMessageView) => void }
) & {
  onTyped: () => void;
  onStoppedTyping: () => void;
};

export function Composer(props: Props) {
  const { onTyped, onStoppedTyping } = props;
  // The form's rules are the same for both; its target field holds either id.
  const roomId = props.roomId ?? props.conversationId;
  const trpc = useTRPC();
  const id = useId();
  const form = useLiveForm(sendMessageInput, { roomId, body: "" });
  const sent = () => form.reset({ roomId, body: "" });
  const onError = (failure: Parameters<typeof serverFieldErrors>[0]) => form.setServerErrors(serverFieldErrors(failure));
  const sendToRoom = useMutation(
    trpc.rooms.send.mutationOptions({
      onSuccess: ({ message }) => {
        if (props.roomId !== undefined) props.onSent(message);
        sent();
      },
      onError,
    }),
  );
  const sendToConversation = useMutation(
    trpc.conversations.send.mutationOptions({
      onSuccess: ({ message }) => {
        if (props.conversationId !== undefined) props.onSent(message);
        sent();
      },
      onError,
    }),
  );
  const send = props.conversationId === undefined ? sendToRoom : sendToConversation;
  const field = form.field("body");
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  // Typing "@" and a name offers the people who can see this room (in a room:
  // conversation messages notify nobody they mention, and are no room).
  const picker = useMentionPicker({
    textareaRef,
    onInsert: field.onValueChange,
    place: { kind: "room", id: roomId },
    off: props.conversationId !== undefined,
  });
  const length = field.value.trim().length;
  const errorId = field.error ? `${id}-error` : undefined;
  const countId = `${id}-count`;

  return (
    <form
      method="post"
      className="form composer"
      aria-label="Send a message"
      noValidate
      onSubmit={form.handleSubmit((input) => {
        onStoppedTyping();
        if (props.conversationId === undefined) sendToRoom.mutate(input);
        else sendToConversation.mutate({ conversationId: props.conversationId, body: input.body });
      })}
    >
      <label htmlFor={id} className="visually-hidden">
        Message
      </label>
      <div className="mention-field">
        <textarea
          ref={textareaRef}
          id={id}
          name="body"
          rows={2}
          value={field.value}
          placeholder="Write a message…"
          aria-invalid={field.error ? true : undefined}
          aria-describedby={[errorId, countId].filter(Boolean).join(" ")}
          {...picker.textareaProps}
          onChange={(e) => {
            field.onValueChange(e.target.value);
            picker.refresh();
            if (e.target.value.trim()) onTyped();
            else onStoppedTyping();
          }}
          onKeyDown={(e) => {
            // The people list takes its keys first (Enter picks a person there).
            if (picker.onKeyDown(e)) return;
            // Enter sends, Shift+Enter starts a new line.
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        {picker.list}
      </div>
      <div className="composer-foot">
        <span id={countId} className={length > MESSAGE_BODY_MAX ? "field-error" : "muted"}>
          {length.toLocaleString("en")} / {MESSAGE_BODY_MAX.toLocaleString("en")}
        </span>
        <button type="submit" className="button button-primary" disabled={send.isPending}>
          {send.isPending ? "Sending…" : "Send"}
        </button>
      </div>
      {field.error && (
        <p id={errorId} className="field-error">
          {field.error}
        </p>
      )}
      {send.isError && !serverFieldErrors(send.error).body && <FormAlert tone="error">{errorMessage(send.error)}</FormAlert>}
    </form>
  );
}
