"use client";
// A page failed to render (the server could not load its data).
import { INTERNAL_ERROR_MESSAGE } from "@/lib/internal-error";

export default function PageError(props: { error: unknown; retry: () => void }) {
  return (
    <section className="error-page" role="alert">
      <h1>This page could not be shown</h1>
      <p>{INTERNAL_ERROR_MESSAGE}</p>
      <button type="button" className="button button-primary" onClick={props.retry}>
        Try again
      </button>
    </section>
  );
}
