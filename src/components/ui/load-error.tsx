import { errorMessage } from "@/trpc/errors";

/** A list that could not be loaded: what went wrong, in words, and a retry. */
export function LoadError(props: { what: string; error: unknown; onRetry: () => void }) {
  return (
    <div className="empty-state" role="alert">
      <h2>{props.what} could not be loaded</h2>
      <p>{errorMessage(props.error)}</p>
      <button type="button" className="button button-primary" onClick={props.onRetry}>
        Try again
      </button>
    </div>
  );
}
