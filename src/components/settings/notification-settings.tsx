"use client";
// The notification settings page: how each type arrives, quiet hours, and
// the rooms and threads the person muted.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { LoadError } from "@/components/ui/load-error";
import {
  choicesFor,
  deliveryChoiceLabels,
  notificationTypes,
  type ConfigurableType,
  type DeliveryChoice,
} from "@/lib/notifications/notification-types";
import { clockFromMinutes, minutesFromClock, quietHoursInput } from "@/lib/validation/preferences";
import { errorMessage } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import "@/components/notifications/preferences.css";

type Settings = RouterOutputs["preferences"]["get"];

export function NotificationSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.preferences.get.queryOptions());

  if (settings.isPending) return <p aria-busy="true">Loading your notification settings…</p>;
  if (settings.isError) {
    return <LoadError what="Your notification settings" error={settings.error} onRetry={() => void settings.refetch()} />;
  }
  return (
    <div className="stack">
      <section className="card" aria-labelledby="types-heading">
        <h2 id="types-heading">What you get, and how</h2>
        <p className="muted">
          Pushes reach devices where push notifications are turned on (see <Link href="/profile">your profile</Link>).
          Messages an admin writes to you personally always reach your inbox.
        </p>
        {settings.data.types.map((row) => (
          <TypeChoice key={row.type} type={row.type} choice={row.choice} />
        ))}
      </section>
      <section className="card" aria-labelledby="quiet-heading">
        <h2 id="quiet-heading">Quiet hours</h2>
        <QuietHours current={settings.data.quietHours} />
      </section>
      <section className="card" aria-labelledby="mutes-heading">
        <h2 id="mutes-heading">Muted rooms and threads</h2>
        <Mutes />
      </section>
    </div>
  );
}

function TypeChoice(props: { type: ConfigurableType; choice: DeliveryChoice }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const entry = notificationTypes.find((t) => t.type === props.type)!;
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.preferences.setType.mutationOptions({
      onMutate: () => setSaved(false),
      onSuccess: (result) => {
        queryClient.setQueryData(trpc.preferences.get.queryKey(), (old: Settings | undefined) =>
          old && { ...old, types: old.types.map((t) => (t.type === result.type ? result : t)) },
        );
        // The inbox summary says whether announcements are taken in the app.
        if (result.type === "broadcast") void queryClient.invalidateQueries(trpc.notifications.summary.queryFilter());
        setSaved(true);
      },
    }),
  );
  return (
    <div className="preference-row" data-testid={`preference-${props.type}`}>
      <div>
        <label htmlFor={id} className="field-label">
          {entry.label}
        </label>
        <p id={`${id}-hint`} className="field-hint">
          {entry.description}
        </p>
      </div>
      <div>
        <select
          id={id}
          className="input"
          aria-describedby={`${id}-hint`}
          value={save.isPending ? save.variables.choice : props.choice}
          disabled={save.isPending}
          onChange={(e) => save.mutate({ type: props.type, choice: e.target.value as DeliveryChoice })}
        >
          {choicesFor(props.type).map((choice) => (
            <option key={choice} value={choice}>
              {deliveryChoiceLabels[choice]}
            </option>
          ))}
        </select>
        <p className="field-hint" role="status">
          {save.isPending ? "Saving…" : saved ? "Saved." : ""}
        </p>
        {save.isError && (
          <p className="field-error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
      </div>
    </div>
  );
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

function timeZones(...wanted: string[]): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    // An older browser: the zones below are still offered.
  }
  return [...new Set([...wanted, "UTC", ...zones])].sort();
}

function QuietHours(props: { current: Settings["quietHours"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formId = useId();
  const [start, setStart] = useState(clockFromMinutes(props.current?.start ?? 22 * 60));
  const [end, setEnd] = useState(clockFromMinutes(props.current?.end ?? 7 * 60));
  const [timeZone, setTimeZone] = useState(props.current?.timeZone ?? browserTimeZone());
  const [zones] = useState(() => timeZones(timeZone, browserTimeZone()));
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const update = (quietHours: Settings["quietHours"]) =>
    queryClient.setQueryData(trpc.preferences.get.queryKey(), (old: Settings | undefined) => old && { ...old, quietHours });
  const save = useMutation(
    trpc.preferences.setQuietHours.mutationOptions({
      onSuccess: (result) => {
        update(result);
        setDone("Quiet hours saved.");
      },
    }),
  );
  const clear = useMutation(
    trpc.preferences.clearQuietHours.mutationOptions({
      onSuccess: () => {
        update(null);
        setDone("Quiet hours turned off.");
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const parsed = quietHoursInput.safeParse({
      start: minutesFromClock(start) ?? Number.NaN,
      end: minutesFromClock(end) ?? Number.NaN,
      timeZone,
    });
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((i) => i.message).join(". "));
      return;
    }
    setProblem(null);
    save.mutate(parsed.data);
  }

  const current = props.current;
  return (
    <form method="post" className="form" onSubmit={submit} noValidate aria-labelledby="quiet-heading">
      <p data-testid="quiet-hours-state">
        {current
          ? `Quiet from ${clockFromMinutes(current.start)} to ${clockFromMinutes(current.end)} (${current.timeZone}): notifications still reach your inbox, but nothing is pushed. Urgent announcements still are.`
          : "No quiet hours: pushes may arrive at any time."}
      </p>
      <div className="quiet-hours-fields">
        <label className="field" htmlFor={`${formId}-start`}>
          <span className="field-label">From</span>
          <input
            id={`${formId}-start`}
            className="input"
            type="time"
            required
            value={start}
            onChange={(e) => setStart(e.target.value)}
          />
        </label>
        <label className="field" htmlFor={`${formId}-end`}>
          <span className="field-label">Until</span>
          <input
            id={`${formId}-end`}
            className="input"
            type="time"
            required
            value={end}
            onChange={(e) => setEnd(e.target.value)}
          />
        </label>
        <label className="field" htmlFor={`${formId}-zone`}>
          <span className="field-label">Time zone</span>
          <select id={`${formId}-zone`} className="input" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </label>
      </div>
      {problem && <FormAlert tone="error">{problem}</FormAlert>}
      {save.isError && <FormAlert tone="error">{errorMessage(save.error)}</FormAlert>}
      {clear.isError && <FormAlert tone="error">{errorMessage(clear.error)}</FormAlert>}
      {done && <FormAlert tone="success">{done}</FormAlert>}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : current ? "Save quiet hours" : "Turn on quiet hours"}
        </button>
        {current && (
          <button
            type="button"
            className="button"
            disabled={clear.isPending}
            onClick={() => {
              setDone(null);
              clear.mutate();
            }}
          >
            {clear.isPending ? "Turning off…" : "Turn off quiet hours"}
          </button>
        )}
      </div>
    </form>
  );
}

function Mutes() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutes = useQuery(trpc.preferences.mutes.queryOptions());
  const unmute = useMutation(
    trpc.preferences.unmute.mutationOptions({
      onSuccess: (result) => {
        void queryClient.invalidateQueries({ queryKey: trpc.preferences.mutes.queryKey() });
        queryClient.setQueryData(
          trpc.preferences.muteStatus.queryKey({ kind: result.kind, targetId: result.targetId }),
          result,
        );
      },
    }),
  );

  if (mutes.isPending) return <p aria-busy="true">Loading what you muted…</p>;
  if (mutes.isError) return <LoadError what="What you muted" error={mutes.error} onRetry={() => void mutes.refetch()} />;
  if (mutes.data.length === 0) {
    return (
      <p>
        Nothing is muted. Use “Mute this thread” on a post or “Mute room” in a room to stop its notifications.
      </p>
    );
  }
  return (
    <>
      <ul className="mute-list" aria-label="Muted rooms and threads">
        {mutes.data.map((m) => {
          const kind = m.kind === "room" ? "Room" : "Thread";
          const name = m.name ?? (m.kind === "room" ? "A room you can no longer open" : "A deleted post");
          const href = m.name ? (m.kind === "room" ? `/rooms/${m.targetId}` : `/posts/${m.targetId}`) : null;
          return (
            <li key={`${m.kind}:${m.targetId}`}>
              <span>
                {kind}: {href ? <Link href={href}>{name}</Link> : <span className="muted">{name}</span>}
              </span>
              <button
                type="button"
                className="button button-small"
                disabled={unmute.isPending && unmute.variables.targetId === m.targetId}
                aria-label={`Unmute ${kind.toLowerCase()} ${name}`}
                onClick={() => unmute.mutate({ kind: m.kind, targetId: m.targetId })}
              >
                Unmute
              </button>
            </li>
          );
        })}
      </ul>
      {unmute.isError && <FormAlert tone="error">{errorMessage(unmute.error)}</FormAlert>}
    </>
  );
}
