"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button button-quiet"
      disabled={pending}
      onClick={() => {
        setPending(true);
        // A full page load follows: this tab's cached data and live
        // connection belong to the person signing out and must not survive.
        void signOut({ callbackUrl: "/sign-in" }).catch(() => setPending(false));
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
