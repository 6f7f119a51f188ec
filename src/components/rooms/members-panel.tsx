"use client";
// Members of a private room. The owner invites people by email (they accept
// from their notification; until then "Invited — pending") and removes
// members; everyone else sees who is in.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { memberInput } from "@/lib/validation/rooms";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { PendingInvitations } from "@/components/invitations/pending-invitations";

export function MembersPanel({ roomId, isOwner, ownerId }: { roomId: string; isOwner: boolean; ownerId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const membersOptions = trpc.rooms.members.queryOptions({ roomId });
  const members = useQuery(membersOptions);
  const refresh = () => queryClient.invalidateQueries({ queryKey: membersOptions.queryKey });
  const form = useLiveForm(memberInput, { roomId, email: "" });
  const pendingKey = trpc.invitations.pending.queryKey({ roomId });
  const add = useMutation(
    trpc.rooms.addMember.mutationOptions({
      onSuccess: () => {
        form.reset({ roomId, email: "" });
        void refresh();
        void queryClient.invalidateQueries({ queryKey: pendingKey });
      },
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );
  const remove = useMutation(trpc.rooms.removeMember.mutationOptions({ onSuccess: () => void refresh() }));

  return (
    <section className="card room-panel" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      {members.isPending ? (
        <p className="muted">Loading…</p>
      ) : members.isError ? (
        <FormAlert tone="error">{errorMessage(members.error)}</FormAlert>
      ) : (
        <ul className="member-list" data-testid="member-list">
          {members.data.map((m) => (
            <li key={m.id}>
              <span>
                {m.name}
                {m.id === ownerId && <span className="muted"> (owner)</span>}
              </span>
              {isOwner && m.id !== ownerId && (
                <button
                  type="button"
                  className="button button-small button-quiet"
                  aria-label={`Remove ${m.name} from the room`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ roomId, userId: m.id })}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <FormAlert tone="error">{errorMessage(remove.error)}</FormAlert>}
      {isOwner && <PendingInvitations where={{ roomId }} />}
      {add.isSuccess && (
        <p className="muted" role="status">
          {add.data.status === "invited"
            ? `Invited ${add.data.name}: they join once they accept.`
            : `${add.data.name} is a member already.`}
        </p>
      )}
      {isOwner && (
        <form
          method="post"
          className="form"
          aria-label="Add a member"
          noValidate
          onSubmit={form.handleSubmit((input) => add.mutate(input))}
        >
          <TextField label="Add by email" type="email" autoComplete="off" required {...form.field("email")} />
          {add.isError && !serverFieldErrors(add.error).email && (
            <FormAlert tone="error">{errorMessage(add.error)}</FormAlert>
          )}
          <button type="submit" className="button button-small button-primary" disabled={add.isPending}>
            {add.isPending ? "Inviting…" : "Add member"}
          </button>
        </form>
      )}
    </section>
  );
}
