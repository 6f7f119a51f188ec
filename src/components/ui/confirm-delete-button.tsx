"use client";
// Delete in two steps (Delete → "Yes, delete"), inline rather than a browser
// dialog, so the question sits next to what it is about.
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { errorMessage } from "@/trpc/errors";

type Props = {
  /** What is deleted, for the buttons' accessible names ("post “Hello”"). */
  what: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
};

export function ConfirmDeleteButton({ what, pending, error, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  return (
    <span className="confirm-delete">
      {asking ? (
        <>
          <span className="muted">Delete this?</span>
          <button
            type="button"
            className="button button-small button-danger"
            disabled={pending}
            aria-label={`Yes, delete ${what}`}
            onClick={onConfirm}
          >
            {pending ? "Deleting…" : "Yes, delete"}
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button button-small button-quiet"
          aria-label={`Delete ${what}`}
          onClick={() => setAsking(true)}
        >
          Delete
        </button>
      )}
      {error != null && <FormAlert tone="error">{errorMessage(error)}</FormAlert>}
    </span>
  );
}
