"use client";
// Starting a conversation: the people come from the link that led here
// ("Message" next to a name: ?to=<id>) or are found by name (or a whole
// email address) with the people search the @mention picker uses, up to 9
// others (10 with the starter). With one person it opens the conversation
// the two already have, if any.
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { Avatar } from "@/components/ui/avatar";
import { CONVERSATION_PARTICIPANTS_MAX } from "@/lib/validation/conversations";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import "./conversations.css";

type Person = { id: string; name: string };

/** The search field's words, once typing pauses. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), value ? ms : 0);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function NewConversation(props: { to: string[]; meId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const linked = props.to.filter((id) => id !== props.meId).slice(0, CONVERSATION_PARTICIPANTS_MAX - 1);
  const fromLink = useQuery({
    ...trpc.conversations.people.queryOptions({ ids: linked }),
    enabled: linked.length > 0,
  });
  const [added, setAdded] = useState<Person[]>([]);
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const people = [...(fromLink.data ?? []), ...added].filter(
    (p, i, all) => !removed.has(p.id) && all.findIndex((q) => q.id === p.id) === i,
  );
  const full = people.length >= CONVERSATION_PARTICIPANTS_MAX - 1;
  const start = useMutation(
    trpc.conversations.start.mutationOptions({ onSuccess: ({ id }) => router.push(`/messages/${id}`) }),
  );

  function add(person: Person) {
    setAdded((list) => [...list, person]);
    setRemoved((set) => {
      const next = new Set(set);
      next.delete(person.id);
      return next;
    });
  }

  return (
    <div className="stack">
      <h1>New conversation</h1>
      <section className="card stack" aria-labelledby="to-heading">
        <h2 id="to-heading">To</h2>
        {linked.length > 0 && fromLink.isPending ? (
          <p className="muted">Loading…</p>
        ) : fromLink.isError ? (
          <FormAlert tone="error">{errorMessage(fromLink.error)}</FormAlert>
        ) : people.length === 0 ? (
          <p className="muted" data-testid="nobody-chosen">
            {props.to.includes(props.meId) && props.to.length === 1 ? "That is you: find someone else below." : "Nobody yet: find people below."}
          </p>
        ) : (
          <ul className="people-chosen" data-testid="people-chosen">
            {people.map((p) => (
              <li key={p.id}>
                {p.name}
                <button
                  type="button"
                  className="button button-small button-quiet"
                  aria-label={`Remove ${p.name}`}
                  onClick={() => setRemoved((set) => new Set(set).add(p.id))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <PeopleFinder chosen={people} full={full} onAdd={add} />
        {start.isError && <FormAlert tone="error">{errorMessage(start.error)}</FormAlert>}
        <button
          type="button"
          className="button button-primary"
          disabled={people.length === 0 || start.isPending}
          onClick={() => start.mutate({ participantIds: people.map((p) => p.id) })}
        >
          {start.isPending ? "Opening…" : people.length > 1 ? "Start group conversation" : "Start conversation"}
        </button>
      </section>
    </div>
  );
}

/**
 * "Find people": a name (or a word of it) or a whole email address, then
 * Add on a result (Enter adds the first). People already chosen are not offered.
 */
function PeopleFinder(props: { chosen: Person[]; full: boolean; onAdd: (person: Person) => void }) {
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState("");
  const query = useSettled(text.trim(), 200);
  const results = useQuery({
    ...trpc.people.search.queryOptions({ query: query || "-" }),
    enabled: query.length > 0 && !props.full,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const offered = query ? (results.data ?? []).filter((p) => !props.chosen.some((c) => c.id === p.id)) : [];
  const searching = query !== text.trim() || results.isFetching;

  function add(person: Person) {
    props.onAdd(person);
    setText("");
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key !== "Enter" || e.nativeEvent.isComposing) return;
    e.preventDefault();
    if (!searching && offered[0]) add(offered[0]);
  }

  return (
    <div className="field people-finder">
      <label htmlFor={id}>Find people</label>
      <p id={`${id}-hint`} className="field-hint">
        {props.full ? `A conversation has at most ${CONVERSATION_PARTICIPANTS_MAX} people.` : "A name, or a whole email address."}
      </p>
      <input
        id={id}
        type="search"
        autoComplete="off"
        value={text}
        disabled={props.full}
        aria-describedby={`${id}-hint`}
        aria-controls={`${id}-results`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {text.trim() && (
        <ul id={`${id}-results`} className="people-results" aria-label="People found" data-testid="people-found">
          {offered.map((person) => (
            <li key={person.id}>
              <Avatar name={person.name} size={28} />
              <span className="people-result-name">{person.name}</span>
              <button type="button" className="button button-small" aria-label={`Add ${person.name}`} onClick={() => add(person)}>
                Add
              </button>
            </li>
          ))}
          {offered.length === 0 && (
            <li className="muted" aria-live="polite">
              {results.isError ? errorMessage(results.error) : searching ? "Searching…" : "Nobody matches."}
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
