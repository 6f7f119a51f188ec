"use client";
// Under a message, post or comment: its reactions as chips ("👍 3", pressed
// when one is yours, who reacted in the tooltip) and a button opening the
// fixed set. Toggles show at once and are undone if the server refuses.
import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import {
  emojiNames,
  reactedBy,
  reactionEmojis,
  type ReactionCount,
  type ReactionEmoji,
  type ReactionSubjectKind,
} from "@/lib/reactions/reactions";
import { errorMessage } from "@/trpc/errors";
import { useTRPCClient } from "@/trpc/react";
import { useReactionStore } from "./use-reaction-store";
import "./reactions.css";

type Props = { kind: ReactionSubjectKind; id: string; viewerId: string };

export function ReactionBar({ kind, id, viewerId }: Props) {
  const store = useReactionStore(viewerId);
  const client = useTRPCClient();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => store.want(kind, id), [store, kind, id]);
  const reactions = useSyncExternalStore(
    store.subscribe,
    () => store.get(kind, id),
    () => undefined,
  );
  const loading = reactions === undefined;

  function toggle(emoji: ReactionEmoji) {
    setError(null);
    store
      .toggle(kind, id, emoji, () => client.reactions.toggle.mutate({ subject: { kind, id }, emoji }))
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }

  return (
    <div className="reaction-bar" role="group" aria-label="Reactions" aria-busy={loading || undefined} data-testid="reaction-bar">
      {reactions?.map((r) => <ReactionChip key={r.emoji} reaction={r} onToggle={toggle} />)}
      <ReactionPicker mine={reactions ?? []} disabled={loading} onPick={toggle} />
      {error && (
        <span className="reaction-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function ReactionChip({ reaction, onToggle }: { reaction: ReactionCount; onToggle: (emoji: ReactionEmoji) => void }) {
  const who = reactedBy(reaction);
  return (
    <button
      type="button"
      className="reaction-chip"
      aria-pressed={reaction.mine}
      title={who}
      data-emoji={reaction.emoji}
      onClick={() => onToggle(reaction.emoji)}
    >
      <span aria-hidden="true">{reaction.emoji}</span>
      <span className="visually-hidden">{emojiNames[reaction.emoji]}</span> {reaction.count}
      <span className="visually-hidden">, {who}</span>
    </button>
  );
}

/** The add-reaction button and its set: arrow keys move, Escape closes, focus returns to the button. */
function ReactionPicker(props: { mine: readonly ReactionCount[]; disabled: boolean; onPick: (emoji: ReactionEmoji) => void }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLButtonElement>("button")?.focus();
    function outside(event: PointerEvent) {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !trigger.current?.contains(target)) setOpen(false);
    }
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  function close() {
    setOpen(false);
    trigger.current?.focus();
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLDivElement>) {
    const buttons = [...(panel.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (step !== undefined && buttons.length > 0) {
      event.preventDefault();
      buttons[(at + step + buttons.length) % buttons.length]!.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      buttons[event.key === "Home" ? 0 : buttons.length - 1]!.focus();
    }
  }

  return (
    <span className="reaction-picker">
      <button
        ref={trigger}
        type="button"
        className="reaction-add"
        aria-label="Add reaction"
        title="Add reaction"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        disabled={props.disabled}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">☺+</span>
      </button>
      {open && (
        <div ref={panel} id={panelId} className="reaction-choices" role="group" aria-label="Choose a reaction" onKeyDown={onKeyDown}>
          {reactionEmojis.map((emoji) => {
            const mine = props.mine.some((r) => r.emoji === emoji && r.mine);
            return (
              <button
                key={emoji}
                type="button"
                className="reaction-choice"
                aria-pressed={mine}
                aria-label={`${mine ? "Remove" : "React with"} ${emojiNames[emoji]}`}
                title={emojiNames[emoji]}
                onClick={() => {
                  props.onPick(emoji);
                  close();
                }}
              >
                {emoji}
              </button>
            );
          })}
        </div>
      )}
    </span>
  );
}
