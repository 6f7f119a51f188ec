"use client";
// The console's teams: create one, rename or delete it, and manage who is in
// it (by email, or found with the people picker). Members' open pages follow
// on the team's channel; this list is the admin's own and refreshes itself
// after each change.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDeleteButton } from "@/components/ui/confirm-delete-button";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { LoadError } from "@/components/ui/load-error";
import { addMemberByEmailInput, createTeamInput, renameTeamInput } from "@/lib/validation/teams";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { PeoplePicker } from "./people-picker";
import "./admin.css";

type Team = { id: string; name: string; memberCount: number };

const people = (n: number) => `${n} ${n === 1 ? "member" : "members"}`;

/** After any change: the list, its counts, and the audit log. */
function useRefreshTeams() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries(trpc.teams.pathFilter());
    void queryClient.invalidateQueries(trpc.admin.auditLog.pathFilter());
  };
}

export function TeamsAdmin() {
  const trpc = useTRPC();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [openId, setOpenId] = useState<string | null>(null);

  return (
    <div className="stack">
      <CreateTeamForm onCreated={(team) => setOpenId(team.id)} />
      {teams.isPending ? (
        <p className="muted">Loading teams…</p>
      ) : teams.isError ? (
        <LoadError what="Teams" error={teams.error} onRetry={() => void teams.refetch()} />
      ) : teams.data.length === 0 ? (
        <p className="muted">No teams yet. Create the first one above.</p>
      ) : (
        <ul className="team-list" aria-label="Teams">
          {teams.data.map((team) => (
            <TeamItem
              key={team.id}
              team={team}
              open={openId === team.id}
              onToggle={() => setOpenId((current) => (current === team.id ? null : team.id))}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function CreateTeamForm({ onCreated }: { onCreated: (team: Team) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshTeams();
  const form = useLiveForm(createTeamInput, { name: "" });
  const create = useMutation(
    trpc.teams.create.mutationOptions({
      onSuccess: (team) => {
        form.reset();
        refresh();
        onCreated(team);
      },
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );
  return (
    <form method="post" className="form" aria-label="Create a team" noValidate onSubmit={form.handleSubmit((input) => create.mutate(input))}>
      <TextField label="New team name" autoComplete="off" required {...form.field("name")} />
      {create.isError && !serverFieldErrors(create.error).name && (
        <FormAlert tone="error">{errorMessage(create.error)}</FormAlert>
      )}
      {create.isSuccess && <FormAlert tone="success">Created “{create.data.name}”.</FormAlert>}
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create team"}
      </button>
    </form>
  );
}

function TeamItem({ team, open, onToggle }: { team: Team; open: boolean; onToggle: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshTeams();
  const [renaming, setRenaming] = useState(false);
  const remove = useMutation(trpc.teams.delete.mutationOptions({ onSuccess: refresh }));
  const panelId = `team-panel-${team.id}`;

  return (
    <li className="team-item" data-testid="team-item" aria-label={team.name}>
      <div className="team-item-header">
        {renaming ? (
          <RenameTeamForm team={team} onDone={() => setRenaming(false)} />
        ) : (
          <span>
            <strong>{team.name}</strong> <span className="muted">· {people(team.memberCount)}</span>
          </span>
        )}
        <span className="form-actions">
          <button
            type="button"
            className="button button-small"
            aria-expanded={open}
            aria-controls={panelId}
            aria-label={`${open ? "Hide" : "Manage"} members of ${team.name}`}
            onClick={onToggle}
          >
            {open ? "Hide members" : "Members"}
          </button>
          {!renaming && (
            <button
              type="button"
              className="button button-small button-quiet"
              aria-label={`Rename ${team.name}`}
              onClick={() => setRenaming(true)}
            >
              Rename
            </button>
          )}
          <ConfirmDeleteButton
            what={`team “${team.name}”`}
            pending={remove.isPending}
            error={remove.error}
            onConfirm={() => remove.mutate({ teamId: team.id })}
          />
        </span>
      </div>
      {open && <TeamMembers team={team} id={panelId} />}
    </li>
  );
}

function RenameTeamForm({ team, onDone }: { team: Team; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshTeams();
  const form = useLiveForm(renameTeamInput, { teamId: team.id, name: team.name });
  const rename = useMutation(
    trpc.teams.rename.mutationOptions({
      onSuccess: () => {
        refresh();
        onDone();
      },
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );
  return (
    <form
      method="post"
      className="form"
      aria-label={`Rename ${team.name}`}
      noValidate
      onSubmit={form.handleSubmit((input) => rename.mutate(input))}
    >
      <TextField label="Team name" autoComplete="off" required {...form.field("name")} />
      {rename.isError && !serverFieldErrors(rename.error).name && (
        <FormAlert tone="error">{errorMessage(rename.error)}</FormAlert>
      )}
      <span className="form-actions">
        <button type="submit" className="button button-small button-primary" disabled={rename.isPending}>
          {rename.isPending ? "Saving…" : "Save name"}
        </button>
        <button type="button" className="button button-small button-quiet" onClick={onDone}>
          Cancel
        </button>
      </span>
    </form>
  );
}

function TeamMembers({ team, id }: { team: Team; id: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshTeams();
  const members = useQuery(trpc.teams.members.queryOptions({ teamId: team.id }));
  const form = useLiveForm(addMemberByEmailInput, { teamId: team.id, email: "" });
  const [notice, setNotice] = useState<string | null>(null);
  const add = useMutation(
    trpc.teams.addMember.mutationOptions({
      onSuccess: ({ member, added }, input) => {
        if (input.email !== undefined) form.reset({ teamId: team.id, email: "" });
        setNotice(added ? `Added ${member.name} to ${team.name}.` : `${member.name} is already in ${team.name}.`);
        refresh();
      },
      onError: (failure) => {
        setNotice(null);
        form.setServerErrors(serverFieldErrors(failure));
      },
    }),
  );
  const remove = useMutation(
    trpc.teams.removeMember.mutationOptions({
      onSuccess: () => {
        setNotice(null);
        refresh();
      },
    }),
  );
  const memberIds = new Set(members.data?.map((m) => m.id));

  return (
    <div className="team-members" id={id}>
      {members.isPending ? (
        <p className="muted">Loading members…</p>
      ) : members.isError ? (
        <FormAlert tone="error">{errorMessage(members.error)}</FormAlert>
      ) : members.data.length === 0 ? (
        <p className="muted">Nobody in this team yet.</p>
      ) : (
        <ul className="plain-list" aria-label={`Members of ${team.name}`}>
          {members.data.map((m) => (
            <li key={m.id} className="member-row">
              <span>
                {m.name} <span className="muted">{m.email}</span>
              </span>
              <button
                type="button"
                className="button button-small button-quiet"
                aria-label={`Remove ${m.name} from ${team.name}`}
                disabled={remove.isPending}
                onClick={() => remove.mutate({ teamId: team.id, userId: m.id })}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <FormAlert tone="error">{errorMessage(remove.error)}</FormAlert>}
      <form
        method="post"
        className="form"
        aria-label={`Add a member to ${team.name}`}
        noValidate
        onSubmit={form.handleSubmit((input) => add.mutate(input))}
      >
        <TextField label="Add by email" type="email" autoComplete="off" required {...form.field("email")} />
        <button type="submit" className="button button-small button-primary" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add member"}
        </button>
      </form>
      <PeoplePicker
        label={`Or find a person to add to ${team.name}`}
        verb="Add"
        excludeIds={memberIds}
        disabled={add.isPending}
        onPick={(person) => add.mutate({ teamId: team.id, userId: person.id })}
      />
      {add.isError && !serverFieldErrors(add.error).email && <FormAlert tone="error">{errorMessage(add.error)}</FormAlert>}
      {notice && <FormAlert tone="success">{notice}</FormAlert>}
    </div>
  );
}
