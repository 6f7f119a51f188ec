"use client";
// Starting a conversation: the people come from the link that led here
// ("Message" next to a name: ?to=<id>) or are added by email, up to 9 others
// (10 with the starter). With one person it opens the conversation the two
// already have, if any.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { CONVERSATION_PARTICIPANTS_MAX, personByEmailInput } from "@/lib/validation/conversations";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import "./conversations.css";

type Person = { id: string; name: string };

export function NewConversation(props: { to: string[]; meId: string }) {
  const trpc = useTRPC();
  const trpcClient = useTRPCClient();
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
  const form = useLiveForm(personByEmailInput, { email: "" });
  const [finding, setFinding] = useState(false);
  const start = useMutation(
    trpc.conversations.start.mutationOptions({ onSuccess: ({ id }) => router.push(`/messages/${id}`) }),
  );

  async function addByEmail(input: { email: string }) {
    setFinding(true);
    try {
      const person = await trpcClient.conversations.personByEmail.query(input);
      if (person.id === props.meId) {
        form.setServerErrors({ email: ["That is you: add someone else"] });
        return;
      }
      setAdded((list) => [...list, person]);
      setRemoved((set) => {
        const next = new Set(set);
        next.delete(person.id);
        return next;
      });
      form.reset({ email: "" });
    } catch (failure) {
      form.setServerErrors(serverFieldErrors(failure));
      if (!serverFieldErrors(failure).email) form.setServerErrors({ email: [errorMessage(failure)] });
    } finally {
      setFinding(false);
    }
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
            {props.to.includes(props.meId) && props.to.length === 1 ? "That is you: add someone else below." : "Nobody yet: add people by email."}
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
        <form method="post" className="form" aria-label="Add a person" noValidate onSubmit={form.handleSubmit((input) => void addByEmail(input))}>
          <TextField label="Add by email" type="email" autoComplete="off" {...form.field("email")} />
          <button type="submit" className="button button-small" disabled={finding || full}>
            {full ? `At most ${CONVERSATION_PARTICIPANTS_MAX} people` : finding ? "Finding…" : "Add"}
          </button>
        </form>
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
