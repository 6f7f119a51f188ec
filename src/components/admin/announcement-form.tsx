"use client";
// An announcement to many people: choose who (everyone, a role, a team or
// chosen people), write it (checked as typed, with the server's schema), see
// how it will look and whom it will reach, then confirm the count and send.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { sendAnnouncementInput, type Audience } from "@/lib/validation/notifications";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { PeoplePicker, type Person } from "./people-picker";
import "./admin.css";

// The same rules as the server's, for the fields a person types.
const messageFields = sendAnnouncementInput.pick({ title: true, body: true, link: true });
const empty = { title: "", body: "", link: "" };

type Kind = Audience["kind"];
type Role = Extract<Audience, { kind: "role" }>["role"];

const peopleCount = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "person" : "people"}`;

export function AnnouncementForm({ senderName }: { senderName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const form = useLiveForm(messageFields, empty);
  const [kind, setKind] = useState<Kind>("everyone");
  const [role, setRole] = useState<Role>("USER");
  const [teamId, setTeamId] = useState("");
  const [chosen, setChosen] = useState<Person[]>([]);
  const [urgent, setUrgent] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const teams = useQuery({ ...trpc.teams.list.queryOptions(), enabled: kind === "team" });

  // Null until the audience is complete (a team picked, someone chosen).
  const audience: Audience | null =
    kind === "everyone"
      ? { kind }
      : kind === "role"
        ? { kind, role }
        : kind === "team"
          ? teamId
            ? { kind, teamId }
            : null
          : chosen.length > 0
            ? { kind, userIds: chosen.map((p) => p.id) }
            : null;

  const reach = useQuery({
    ...trpc.admin.previewAnnouncement.queryOptions({ audience: audience ?? { kind: "everyone" } }),
    enabled: audience !== null,
    // The old count stays (marked as updating) while the new one loads.
    placeholderData: keepPreviousData,
  });

  const send = useMutation(
    trpc.admin.sendAnnouncement.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        form.reset();
        setUrgent(false);
        void queryClient.invalidateQueries(trpc.admin.auditLog.pathFilter());
        void queryClient.invalidateQueries(trpc.admin.announcements.pathFilter());
      },
      onError: () => setConfirming(false),
    }),
  );

  function changeAudience(update: () => void) {
    update();
    setConfirming(false);
    send.reset();
  }

  const countKnown = audience !== null && reach.isSuccess && !reach.isPlaceholderData;
  const preview = form.values;

  return (
    <form
      method="post"
      className="form"
      aria-label="Send an announcement"
      noValidate
      onSubmit={form.handleSubmit(() => {
        if (audience === null || !countKnown) return;
        send.reset();
        setConfirming(true);
      })}
    >
      <fieldset className="field">
        <legend className="field-label">Who gets it</legend>
        {(
          [
            ["everyone", "Everyone"],
            ["role", "Everyone with a role"],
            ["team", "A team"],
            ["users", "Chosen people"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="audience-choice">
            <input
              type="radio"
              name="audience"
              value={value}
              checked={kind === value}
              onChange={() => changeAudience(() => setKind(value))}
            />{" "}
            {label}
          </label>
        ))}
      </fieldset>

      {kind === "role" && (
        <div className="field">
          <label htmlFor={`${ids}-role`}>Role</label>
          <select
            id={`${ids}-role`}
            value={role}
            onChange={(e) => changeAudience(() => setRole(e.target.value as Role))}
          >
            <option value="USER">Members</option>
            <option value="ADMIN">Admins</option>
          </select>
        </div>
      )}

      {kind === "team" && (
        <div className="field">
          <label htmlFor={`${ids}-team`}>Team</label>
          {teams.isPending ? (
            <p className="muted">Loading teams…</p>
          ) : teams.isError ? (
            <FormAlert tone="error">{errorMessage(teams.error)}</FormAlert>
          ) : teams.data.length === 0 ? (
            <p className="muted">There are no teams yet: create one under Teams.</p>
          ) : (
            <select
              id={`${ids}-team`}
              value={teamId}
              onChange={(e) => changeAudience(() => setTeamId(e.target.value))}
            >
              <option value="">Choose a team…</option>
              {teams.data.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.memberCount})
                </option>
              ))}
            </select>
          )}
        </div>
      )}

      {kind === "users" && (
        <>
          {chosen.length > 0 ? (
            <ul className="chips" aria-label="Chosen people">
              {chosen.map((p) => (
                <li key={p.id} className="chip">
                  {p.name}
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    aria-label={`Remove ${p.name} from the recipients`}
                    onClick={() => changeAudience(() => setChosen((list) => list.filter((c) => c.id !== p.id)))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nobody chosen yet.</p>
          )}
          <PeoplePicker
            label="Find people to send it to"
            verb="Choose"
            excludeIds={new Set(chosen.map((p) => p.id))}
            onPick={(person) => changeAudience(() => setChosen((list) => [...list, person]))}
          />
        </>
      )}

      <p className="announcement-reach" aria-live="polite" data-testid="announcement-reach">
        {audience === null ? (
          <span className="muted">
            {kind === "team" ? "Choose a team to see who it reaches." : "Choose at least one person."}
          </span>
        ) : reach.isError ? (
          <span className="field-error">Could not count the recipients: {errorMessage(reach.error)}</span>
        ) : !countKnown && !reach.data ? (
          <span className="muted">Counting recipients…</span>
        ) : reach.data ? (
          <span aria-busy={!countKnown}>
            Will reach {peopleCount(reach.data.recipients)}
            {reach.data.sample.length > 0 &&
              ` (${reach.data.sample.join(", ")}${reach.data.recipients > reach.data.sample.length ? ", …" : ""})`}
            {!countKnown && <span className="muted"> · updating…</span>}
          </span>
        ) : null}
      </p>

      <TextField label="Headline" required {...form.field("title")} />
      <TextField label="Details (optional)" multiline {...form.field("body")} />
      <TextField
        label="Link to open (optional)"
        inputMode="url"
        placeholder="/inbox or https://…"
        hint="A page of this app (starting with /) or a full http(s) address."
        {...form.field("link")}
      />
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} /> Urgent (ignores
          mutes and quiet hours)
        </label>
      </div>

      <section aria-label="Preview">
        <h3>Preview</h3>
        <ul className="plain-list">
          <li className="notification-item announcement-preview" data-testid="announcement-preview">
            <div className="notification-content">
              <h4 className="notification-title">
                {preview.title.trim() || <span className="muted">Your headline</span>}
                {urgent && <span className="urgent-tag">Urgent</span>}
              </h4>
              {preview.body.trim() && <p className="notification-body">{preview.body.trim()}</p>}
              {preview.link.trim() && <p className="notification-link">{preview.link.trim()}</p>}
              <p className="notification-meta">From {senderName} · just now</p>
            </div>
          </li>
        </ul>
      </section>

      {send.isError && <FormAlert tone="error">{errorMessage(send.error)}</FormAlert>}
      {send.isSuccess && <FormAlert tone="success">Sent to {peopleCount(send.data.recipients)}.</FormAlert>}

      {confirming && audience !== null && reach.data ? (
        <div className="confirm-delete" role="group" aria-label="Confirm sending">
          <span>
            Send “{preview.title.trim()}” to {peopleCount(reach.data.recipients)}?
          </span>
          <button
            type="button"
            className="button button-primary"
            disabled={send.isPending}
            onClick={() => send.mutate({ audience, ...form.values, urgent })}
          >
            {send.isPending ? "Sending…" : `Yes, send to ${peopleCount(reach.data.recipients)}`}
          </button>
          <button type="button" className="button button-quiet" disabled={send.isPending} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="submit" className="button button-primary" disabled={audience === null || !countKnown}>
          Send announcement…
        </button>
      )}
    </form>
  );
}
