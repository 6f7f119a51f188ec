"use client";
// The @mention people picker for a textarea: typing "@al" lists the people
// whose name starts with "al" (or whose whole email was typed) (people.search, after a short pause)
// in a listbox under the field; ArrowDown/ArrowUp move through it, Enter or
// Tab inserts the chosen person as a mention token (`@[Name](id)`), Escape
// closes it. The textarea stays a textbox (aria-autocomplete, -controls and
// -activedescendant tie the list to it), so focus never leaves it.
//
// Works with controlled textareas (onInsert sets the state) and uncontrolled
// ones (the collaborative editor: the value is set, then onInsert turns it
// into an edit).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useMemo, useState, type KeyboardEvent, type RefObject } from "react";
import { mentionQueryAt, mentionToken } from "@/lib/mentions/mention-tokens";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import "./mentions.css";
import { initialsOf } from "@/lib/format/initials";

type Place = { kind: "room" | "document"; id: string };
type Person = { id: string; name: string };

export function useMentionPicker(options: {
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  /** The field's whole new value after a person was inserted. */
  onInsert: (value: string) => void;
  /** Offer only people who can see this room or document. */
  place?: Place;
  /** No picker at all (a direct conversation: its messages notify nobody they mention). */
  off?: boolean;
}) {
  const { textareaRef, onInsert, place } = options;
  const trpc = useTRPC();
  const listId = useId();
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);

  /** Reads the "@query" before the caret (after typing, clicking, moving the caret). */
  const refresh = useCallback(() => {
    const el = textareaRef.current;
    if (!el) return;
    const found = el.selectionStart === el.selectionEnd ? mentionQueryAt(el.value, el.selectionStart) : null;
    setMention((prev) => (prev?.start === found?.start && prev?.query === found?.query ? prev : found));
  }, [textareaRef]);

  useEffect(() => {
    const next = mention?.query ?? "";
    const timer = setTimeout(
      () => {
        setQuery(next);
        setActive(0);
      },
      next ? 150 : 0,
    );
    return () => clearTimeout(timer);
  }, [mention?.query]);

  const open = !options.off && mention !== null && mention.query.length > 0 && dismissed !== `${mention.start}:${mention.query}`;
  const results = useQuery({
    ...trpc.people.search.queryOptions({ query: query || "-", place }),
    enabled: open && query.length > 0,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const people = useMemo<Person[]>(() => (open ? (results.data ?? []) : []), [open, results.data]);
  const searching = open && (results.isFetching || query !== mention?.query);

  const pick = useCallback(
    (person: Person) => {
      const el = textareaRef.current;
      if (!el || !mention) return;
      const token = `${mentionToken(person)} `;
      const end = mention.start + 1 + mention.query.length;
      const value = el.value.slice(0, mention.start) + token + el.value.slice(end);
      const caret = mention.start + token.length;
      el.value = value;
      el.setSelectionRange(caret, caret);
      onInsert(value);
      setMention(null);
      el.focus();
    },
    [mention, onInsert, textareaRef],
  );

  /** Handles the list's keys; true when it did (the field's own handler then does nothing). */
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
      if (!open || e.nativeEvent.isComposing) return false;
      if (e.key === "Escape") {
        setDismissed(`${mention!.start}:${mention!.query}`);
        e.preventDefault();
        e.stopPropagation();
        return true;
      }
      if (people.length === 0) return false;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        const step = e.key === "ArrowDown" ? 1 : -1;
        setActive((i) => (i + step + people.length) % people.length);
      } else if (e.key === "Enter" || e.key === "Tab") {
        pick(people[Math.min(active, people.length - 1)]!);
      } else {
        return false;
      }
      e.preventDefault();
      return true;
    },
    [open, people, active, pick, mention],
  );

  const optionId = (i: number) => `${listId}-option-${i}`;
  const activeIndex = Math.min(active, people.length - 1);

  const textareaProps = {
    "aria-autocomplete": "list" as const,
    "aria-controls": open ? listId : undefined,
    "aria-activedescendant": open && people.length > 0 ? optionId(activeIndex) : undefined,
    onSelect: refresh,
    onClick: refresh,
    // Leaving the field closes the list (options keep focus in the field on mouse down).
    onBlur: () => setMention(null),
  };

  const list = open ? (
    <ul id={listId} role="listbox" className="mention-list" aria-label="People to mention" data-testid="mention-list">
      {people.map((person, i) => (
        <li
          key={person.id}
          id={optionId(i)}
          role="option"
          aria-selected={i === activeIndex}
          className="mention-option"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => pick(person)}
        >
          <span className="mention-initials" aria-hidden="true">
            {initialsOf(person.name)}
          </span>
          {person.name}
        </li>
      ))}
      {people.length === 0 && (
        <li className="mention-list-status" role="presentation" aria-live="polite">
          {results.isError ? errorMessage(results.error) : searching ? "Searching…" : "Nobody matches."}
        </li>
      )}
    </ul>
  ) : null;

  return { refresh, onKeyDown, textareaProps, list };
}
