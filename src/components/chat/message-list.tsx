"use client";
// The conversation, oldest at the top. Scrolling to the top loads older
// messages (keeping the reader's place); new messages scroll into view when
// the reader is at the bottom. Bodies are text: React escapes them.
import { useLayoutEffect, useRef, type ReactNode } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import type { ChatMessageView } from "@/lib/events";
import { errorMessage } from "@/trpc/errors";
import type { ReactionSubjectKind } from "@/lib/reactions/reactions";
import { MessageItem } from "./message-item";
import "./chat.css";

type Props = {
  messages: ChatMessageView[];
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  onLoadOlder: () => void;
  meId: string;
  /** The room's owner may delete anyone's message. */
  canModerate: boolean;
  /** Messages without Edit and Delete (direct conversations). */
  readOnly?: boolean;
  /** Shown under a message (read receipts). */
  renderAfter?: (message: ChatMessageView) => ReactNode;
  /** What the messages' reactions are on (a room's messages unless told; null: no reaction bar). */
  reactionKind?: ReactionSubjectKind | null;
};

export function MessageList({ messages, hasOlder, loadingOlder, olderError, onLoadOlder, meId, canModerate, readOnly, renderAfter, reactionKind }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ first?: string; last?: string; height: number }>({ height: 0 });

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const first = messages[0]?.id;
    const last = messages.at(-1)?.id;
    const before = previous.current;
    if (before.first && first !== before.first && last === before.last) {
      // Older messages went on top: keep what the reader was looking at in place.
      el.scrollTop += el.scrollHeight - before.height;
    } else if (atBottom.current || last !== before.last) {
      const mine = messages.at(-1)?.author.id === meId;
      if (atBottom.current || mine) el.scrollTop = el.scrollHeight;
    }
    previous.current = { first, last, height: el.scrollHeight };
  }, [messages, meId]);

  function onScroll() {
    const el = box.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 60 && hasOlder && !loadingOlder && !olderError) onLoadOlder();
  }

  return (
    <div className="message-scroller" ref={box} onScroll={onScroll} data-testid="message-scroller">
      {hasOlder && (
        <div className="message-older">
          {olderError ? <FormAlert tone="error">{errorMessage(olderError)}</FormAlert> : null}
          <button type="button" className="button button-small" disabled={loadingOlder} onClick={onLoadOlder}>
            {loadingOlder ? "Loading…" : "Load older messages"}
          </button>
        </div>
      )}
      {messages.length === 0 ? (
        <p className="muted message-empty">No messages yet. Say hello!</p>
      ) : (
        <ol className="message-list" aria-label="Messages" aria-live="polite">
          {messages.map((m) => (
            <MessageItem key={m.id} message={m} meId={meId} canModerate={canModerate} readOnly={readOnly} reactionKind={reactionKind}>
              {renderAfter?.(m)}
            </MessageItem>
          ))}
        </ol>
      )}
    </div>
  );
}
