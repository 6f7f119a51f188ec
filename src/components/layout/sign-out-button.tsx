"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { showAppBadge } from "@/lib/pwa/app-badge";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button button-quiet"
      disabled={pending}
      onClick={() => {
        setPending(true);
        // The icon's count is the person's: it must not stay once they have left.
        showAppBadge(0);
        // A full page load follows: this tab's cached data and live
        // connection belong to the person signing out and must not survive.
        void signOut({ callbackUrl: "/sign-in" }).catch(() => setPending(false));
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
