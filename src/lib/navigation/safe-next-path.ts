/**
 * Where to go after signing in: only a path inside this app, so a crafted
 * link cannot send a person elsewhere once they trust the page.
 */
export function safeNextPath(next: string | string[] | undefined | null, fallback = "/"): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (value.startsWith("/sign-in") || value.startsWith("/sign-up")) return fallback;
  return value;
}
