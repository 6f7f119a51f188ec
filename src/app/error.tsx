"use client";
// A page failed to render (the server could not load its data).
export default function PageError(props: { error: unknown; retry: () => void }) {
  return (
    <section className="error-page" role="alert">
      <h1>This page could not be shown</h1>
      <p>Something went wrong on our side. Please try again in a moment.</p>
      <button type="button" className="button button-primary" onClick={props.retry}>
        Try again
      </button>
    </section>
  );
}
