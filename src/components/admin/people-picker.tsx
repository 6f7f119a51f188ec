"use client";
// Finding a person by name or email (admins only: it shows emails). Typing
// searches after a short pause; each result is a button, so the list is
// reachable with Tab and chosen with Enter.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export type Person = { id: string; name: string; email: string; role?: "USER" | "ADMIN" };

type Props = {
  label: string;
  /** What a result's button does, for its accessible name ("Add", "Choose"). */
  verb: string;
  onPick: (person: Person) => void;
  /** Already chosen: not offered again. */
  excludeIds?: ReadonlySet<string>;
  disabled?: boolean;
};

export function PeoplePicker({ label, verb, onPick, excludeIds, disabled }: Props) {
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({ ...trpc.admin.searchUsers.queryOptions({ query }), enabled: query.length > 0 });
  const offered = results.data?.filter((p) => !excludeIds?.has(p.id)) ?? [];

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        autoComplete="off"
        placeholder="Name or email"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-status`}
      />
      <p id={`${id}-status`} className="field-hint" aria-live="polite">
        {query.length === 0
          ? "Type a name or an email address."
          : results.isPending || text.trim() !== query
            ? "Searching…"
            : results.isError
              ? ""
              : offered.length === 0
                ? "Nobody matches."
                : `${offered.length} ${offered.length === 1 ? "match" : "matches"}`}
      </p>
      {results.isError && <FormAlert tone="error">{errorMessage(results.error)}</FormAlert>}
      {query.length > 0 && offered.length > 0 && (
        <ul className="people-results" aria-label={`${label}: results`}>
          {offered.map((person) => (
            <li key={person.id}>
              <button
                type="button"
                className="button button-small button-quiet"
                disabled={disabled}
                aria-label={`${verb} ${person.name} (${person.email})`}
                onClick={() => onPick(person)}
              >
                {person.name} <span className="muted">{person.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
