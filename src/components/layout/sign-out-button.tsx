"use client";
import { useState } from "react";
import { signOut } from "@/lib/auth/sign-out";
import { showAppBadge } from "@/lib/pwa/app-badge";
import "./site-header.css";

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
        void signOut("/sign-in").catch(() => setPending(false));
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
