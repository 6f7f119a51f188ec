"use client";
// One entry's own buttons: mark unread, archive or bring back, delete. Each
// names its entry for screen readers ("Archive “Title”").
import { errorMessage } from "@/trpc/errors";
import { useInboxAction, type InboxAction } from "./use-inbox-actions";

export function EntryActions(props: { id: string; title: string; read: boolean; archived: boolean }) {
  return (
    <div className="entry-actions">
      {props.read && <EntryButton {...props} action="markUnread" label="Mark unread" pending="Marking…" />}
      {props.archived ? (
        <EntryButton {...props} action="unarchive" label="Move to inbox" pending="Moving…" />
      ) : (
        <EntryButton {...props} action="archive" label="Archive" pending="Archiving…" />
      )}
      <EntryButton {...props} action="delete" label="Delete" pending="Deleting…" />
    </div>
  );
}

function EntryButton(props: { id: string; title: string; action: InboxAction; label: string; pending: string }) {
  const mutation = useInboxAction(props.action);
  return (
    <>
      <button
        type="button"
        className={props.action === "delete" ? "button button-small button-quiet" : "button button-small"}
        disabled={mutation.isPending}
        aria-label={`${props.label} “${props.title}”`}
        onClick={() => mutation.mutate({ ids: [props.id] })}
      >
        {mutation.isPending ? props.pending : props.label}
      </button>
      {mutation.isError && (
        <p className="field-error" role="alert">
          {errorMessage(mutation.error)}
        </p>
      )}
    </>
  );
}
