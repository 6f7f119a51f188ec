"use client";
// What to do with the selected entries, all at once (one request, one event).
import { FormAlert } from "@/components/forms/form-alert";
import { errorMessage } from "@/trpc/errors";
import { useInboxAction, type InboxAction } from "./use-inbox-actions";

const MAX_SELECTED = 100; // the procedures' limit (notificationIdsInput)

export function InboxSelectionBar(props: {
  shownIds: string[];
  selected: ReadonlySet<string>;
  archived: boolean;
  onSelect: (ids: Set<string>) => void;
}) {
  const ids = props.shownIds.filter((id) => props.selected.has(id));
  const clear = () => props.onSelect(new Set());
  const actions: { action: InboxAction; label: string }[] = [
    { action: "markManyRead", label: "Mark read" },
    { action: "markUnread", label: "Mark unread" },
    props.archived ? { action: "unarchive", label: "Move to inbox" } : { action: "archive", label: "Archive" },
    { action: "delete", label: "Delete" },
  ];
  const allShown = props.shownIds.length > 0 && ids.length === Math.min(props.shownIds.length, MAX_SELECTED);

  return (
    <div className="inbox-selection" role="group" aria-label="Selected notifications">
      <label className="toggle">
        <input
          type="checkbox"
          checked={allShown}
          disabled={props.shownIds.length === 0}
          onChange={(event) =>
            props.onSelect(event.target.checked ? new Set(props.shownIds.slice(0, MAX_SELECTED)) : new Set())
          }
        />
        Select all shown
      </label>
      <p className="muted inbox-selected-count" aria-live="polite">
        {ids.length === 0 ? "None selected" : `${ids.length} selected`}
      </p>
      <div className="inbox-selection-actions">
        {actions.map((a) => (
          <BulkButton key={a.action} {...a} ids={ids} onDone={clear} />
        ))}
      </div>
    </div>
  );
}

function BulkButton(props: { action: InboxAction; label: string; ids: string[]; onDone: () => void }) {
  const mutation = useInboxAction(props.action, { onSuccess: props.onDone });
  return (
    <>
      <button
        type="button"
        className={props.action === "delete" ? "button button-small button-quiet" : "button button-small"}
        disabled={props.ids.length === 0 || mutation.isPending}
        onClick={() => mutation.mutate({ ids: props.ids })}
      >
        {props.ids.length > 0 ? `${props.label} selected (${props.ids.length})` : `${props.label} selected`}
      </button>
      {mutation.isError && <FormAlert tone="error">{errorMessage(mutation.error)}</FormAlert>}
    </>
  );
}
