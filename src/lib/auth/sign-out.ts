// Signing out without next-auth/react: that module (about 57 KB of script)
// would otherwise load on every page for this one button, since the header
// is in the shared layout. These are the two requests its signOut() makes:
// a CSRF token, then the form post that clears the session cookie. The
// sign-in page still uses next-auth/react's signIn.

/** Ends the session, then loads `callbackUrl` (a path) as a new page; rejects when the server cannot be reached. */
export async function signOut(callbackUrl: string): Promise<void> {
  const csrf = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl, json: "true" }),
  });
  if (!res.ok) throw new Error(`Signing out failed: HTTP ${res.status}`);
  // A full load: this tab's cached data and live connection belong to the
  // person signing out and must not survive. The path as given, not the
  // server's answer (an absolute URL on NEXTAUTH_URL's host): a person who
  // opened the app at its network address stays on it.
  window.location.href = callbackUrl;
}
