"use client";
// The layout itself failed (e.g. the database is unreachable): no header,
// no stylesheet, only a way to retry.
import { INTERNAL_ERROR_MESSAGE } from "@/lib/internal-error";

export default function GlobalError(props: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem" }}>
        <h1>Live Notify is not available right now</h1>
        <p>{INTERNAL_ERROR_MESSAGE}</p>
        <button type="button" onClick={props.retry}>
          Try again
        </button>
      </body>
    </html>
  );
}
