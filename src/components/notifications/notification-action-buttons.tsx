"use client";
// An entry's own actions: Accept / Decline on an invitation, Reply
// on a comment or a mention. Each runs its procedure; the entry then changes
// through the `notification.changed` event, in this tab and every other one
// (the outcome replaces the buttons), so nothing is written to the cache here.
import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { NotificationView } from "@/lib/events";
import { actionResultLabels, type NotificationAction } from "@/lib/notifications/actions";
import { REPLY_BODY_MAX, replyInput } from "@/lib/validation/invitations";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import "./notification-actions.css";

export function NotificationActionButtons(props: { notification: NotificationView; compact?: boolean }) {
  const n = props.notification;
  const actions = n.actions ?? [];
  const [replying, setReplying] = useState(false);
  const [sent, setSent] = useState(false);
  const replyButton = useRef<HTMLButtonElement>(null);
  if (actions.length === 0 && !n.actionResult) return null;
  const closeReply = () => {
    setReplying(false);
    replyButton.current?.focus();
  };
  return (
    <div className={props.compact ? "notification-cta notification-cta-compact" : "notification-cta"} data-testid="notification-cta">
      {n.actionResult && (
        <p className="action-result" data-testid="action-result" data-result={n.actionResult}>
          {actionResultLabels[n.actionResult]}
        </p>
      )}
      <div className="notification-cta-buttons">
        {actions.map((action) =>
          action.id === "reply" ? (
            <button
              key={action.id}
              ref={replyButton}
              type="button"
              className="button button-small"
              aria-expanded={replying}
              aria-label={`${action.label} to “${n.title}”`}
              onClick={() => {
                setSent(false);
                setReplying((open) => !open);
              }}
            >
              {action.label}
            </button>
          ) : (
            <AnswerButton key={action.id} id={n.id} title={n.title} action={action} />
          ),
        )}
      </div>
      {sent && !replying && (
        <p className="muted" role="status">
          Reply sent.
        </p>
      )}
      {replying && (
        <ReplyForm
          id={n.id}
          title={n.title}
          onSent={() => {
            setSent(true);
            closeReply();
          }}
          onCancel={closeReply}
        />
      )}
    </div>
  );
}

function AnswerButton(props: { id: string; title: string; action: NotificationAction }) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.notifications.act.mutationOptions());
  const id = props.action.id === "decline" ? "decline" : "accept";
  return (
    <>
      <button
        type="button"
        className={id === "accept" ? "button button-small button-primary" : "button button-small"}
        disabled={mutation.isPending}
        aria-label={`${props.action.label} “${props.title}”`}
        data-action={id}
        onClick={() => mutation.mutate({ id: props.id, action: id })}
      >
        {mutation.isPending ? (id === "accept" ? "Accepting…" : "Declining…") : props.action.label}
      </button>
      {mutation.isError && (
        <p className="field-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      )}
    </>
  );
}

function ReplyForm(props: { id: string; title: string; onSent: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const fieldId = useId();
  const [body, setBody] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useMutation(trpc.notifications.reply.mutationOptions({ onSuccess: () => props.onSent() }));
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const parsed = replyInput.safeParse({ id: props.id, body });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? "Check your reply");
      return;
    }
    setProblem(null);
    mutation.mutate(parsed.data);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      props.onCancel();
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit();
  };
  const error = problem ?? (mutation.isError ? errorMessage(mutation.error) : null);
  return (
    <form className="reply-form" method="post" onSubmit={submit} aria-label={`Reply to “${props.title}”`}>
      <label htmlFor={fieldId} className="visually-hidden">
        Your reply
      </label>
      <textarea
        id={fieldId}
        // Opened on purpose by the person: their next keystroke belongs here.
        autoFocus
        rows={2}
        maxLength={REPLY_BODY_MAX}
        value={body}
        placeholder="Write a reply (Ctrl+Enter sends, Escape closes)"
        aria-invalid={error ? true : undefined}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="reply-form-buttons">
        <button type="submit" className="button button-small button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Sending…" : "Send reply"}
        </button>
        <button type="button" className="button button-small button-quiet" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
