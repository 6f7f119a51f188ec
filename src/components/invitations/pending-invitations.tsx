"use client";
// "Invited — pending": the owner's view of invitations not yet
// answered. An answer arrives as `invitation.answered` on the room's or
// document's channel, and the page reads this list again.
import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function PendingInvitations(props: { where: { roomId: string } | { documentId: string } }) {
  const trpc = useTRPC();
  const pending = useQuery(trpc.invitations.pending.queryOptions(props.where));
  if (pending.isPending) return null;
  if (pending.isError) {
    return (
      <p className="field-error" role="alert">
        {errorMessage(pending.error)}
      </p>
    );
  }
  if (pending.data.length === 0) return null;
  return (
    <div className="pending-invitations">
      <h3 className="pending-invitations-title">Invited</h3>
      <ul className="member-list" data-testid="pending-invitations">
        {pending.data.map((invitation) => (
          <li key={invitation.id} data-testid="pending-invitation">
            <span>
              {invitation.invitee.name}
              {invitation.role && <span className="muted"> ({invitation.role === "EDITOR" ? "can edit" : "can read"})</span>}
            </span>
            <span className="muted">Invited — pending</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
