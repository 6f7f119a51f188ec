"use client";
// "Snooze" on an inbox entry: a disclosure (button + list of choices), so it
// works with Tab, Enter and Escape without a custom keyboard model. The entry
// leaves the inbox when the `notification.snoozed` event arrives (in every
// tab at once), and comes back by itself at the chosen time.
import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useToast } from "@/components/ui/toast-provider";
import { formatDateTime } from "@/lib/format/relative-time";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import "./preferences.css";

const HOUR = 60 * 60 * 1000;

const snoozeChoices: { label: string; until: (now: Date) => Date }[] = [
  { label: "For 1 hour", until: (now) => new Date(now.getTime() + HOUR) },
  { label: "For 3 hours", until: (now) => new Date(now.getTime() + 3 * HOUR) },
  {
    label: "Until tomorrow, 9:00",
    until: (now) => {
      const at = new Date(now);
      at.setDate(at.getDate() + 1);
      at.setHours(9, 0, 0, 0);
      return at;
    },
  },
];

export function SnoozeMenu(props: { id: string; title: string }) {
  const trpc = useTRPC();
  const toast = useToast();
  const menuId = useId();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const firstChoice = useRef<HTMLButtonElement>(null);
  const snooze = useMutation(
    trpc.preferences.snooze.mutationOptions({
      onSuccess: (result) => {
        setOpen(false);
        toast({ title: `Snoozed “${props.title}”`, body: `It comes back ${formatDateTime(result.until)}.` });
      },
    }),
  );

  useEffect(() => {
    if (open) firstChoice.current?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    toggle.current?.focus();
  }

  return (
    <div
      className="snooze"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="button button-small"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Snooze “${props.title}”`}
        disabled={snooze.isPending}
        onClick={() => setOpen((v) => !v)}
      >
        {snooze.isPending ? "Snoozing…" : "Snooze"}
      </button>
      {open && (
        <ul id={menuId} className="snooze-choices" aria-label={`Snooze “${props.title}”`}>
          {snoozeChoices.map((choice, i) => (
            <li key={choice.label}>
              <button
                ref={i === 0 ? firstChoice : undefined}
                type="button"
                className="button button-small button-quiet"
                disabled={snooze.isPending}
                onClick={() => snooze.mutate({ id: props.id, until: choice.until(new Date()) })}
              >
                {choice.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      {snooze.isError && (
        <p className="field-error" role="alert">
          {errorMessage(snooze.error)}
        </p>
      )}
    </div>
  );
}
