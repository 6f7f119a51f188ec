"use client";
import { errorMessage } from "@/trpc/errors";
import { useMarkRead } from "./use-mark-read";
import "./notifications.css";

export function MarkReadButton(props: { id: string; title: string }) {
  const markRead = useMarkRead();
  return (
    <div className="mark-read">
      <button
        type="button"
        className="button button-small"
        disabled={markRead.isPending}
        aria-label={`Mark “${props.title}” read`}
        onClick={() => markRead.mutate({ id: props.id })}
      >
        {markRead.isPending ? "Marking…" : "Mark read"}
      </button>
      {markRead.isError && (
        <p className="field-error" role="alert">
          {errorMessage(markRead.error)}
        </p>
      )}
    </div>
  );
}
