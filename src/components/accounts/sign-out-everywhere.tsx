"use client";
// "Sign out everywhere": ends every other session (a lost phone, a shared
// computer) at its next request. This browser gets a renewed session in the
// answer and stays signed in. Asked twice, inline, since it cannot be undone.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function SignOutEverywhere() {
  const trpc = useTRPC();
  const [asking, setAsking] = useState(false);
  const end = useMutation(trpc.account.signOutEverywhere.mutationOptions({ onSettled: () => setAsking(false) }));

  return (
    <div className="stack">
      <p>Signed in on a device you no longer have? End every other session; this one stays signed in.</p>
      {asking ? (
        <p className="confirm-delete">
          <span className="muted">Sign out every other device and browser?</span>
          <button
            type="button"
            className="button button-small button-danger"
            disabled={end.isPending}
            onClick={() => end.mutate()}
          >
            {end.isPending ? "Signing out…" : "Yes, sign out everywhere"}
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <p>
          <button type="button" className="button" onClick={() => {
              end.reset();
              setAsking(true);
            }}>
            Sign out everywhere else
          </button>
        </p>
      )}
      {end.isError && <FormAlert tone="error">{errorMessage(end.error)}</FormAlert>}
      {end.isSuccess && <FormAlert tone="success">Every other session is signed out.</FormAlert>}
    </div>
  );
}
