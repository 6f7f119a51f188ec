// Paths that come from outside (`?next=`, a notification's link) are read
// the way a browser reads them, with the URL parser: it drops tabs and
// newlines, takes `\` for `/`, and reads `//host` as another origin. Checking
// the text by hand missed those (`/%09/evil.example`, `/\evil.com`).

// Any origin of our own would do: what matters is whether the path can name
// another one. `.invalid` can never be a real host.
const PLACEHOLDER_ORIGIN = "https://app.invalid";

/**
 * `value` as a path of this app (normalised as the browser would read it),
 * or null when a browser would leave the app for it.
 */
export function inAppPath(value: string, origin = PLACEHOLDER_ORIGIN): string | null {
  if (!value.startsWith("/")) return null;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  if (url.origin !== new URL(origin).origin) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Where to go after signing in: only a path inside this app, so a crafted
 * link cannot send a person elsewhere once they trust the page.
 */
export function safeNextPath(next: string | string[] | undefined | null, fallback = "/"): string {
  const value = Array.isArray(next) ? next[0] : next;
  const path = value ? inAppPath(value) : null;
  if (!path) return fallback;
  // Back to sign-in would be a loop.
  if (/^\/sign-(in|up)(\/|\?|#|$)/.test(path)) return fallback;
  return path;
}

/** An absolute http(s) URL as the browser would read it, or null. */
function externalUrl(value: string): string | null {
  if (!/^https?:\/\//i.test(value)) return null;
  try {
    return new URL(value).href;
  } catch {
    return null;
  }
}

export type LinkTarget = { kind: "app"; href: string } | { kind: "external"; href: string };

/** How to show a stored link: inside the app, in a new tab, or (anything else) not at all. */
export function linkTarget(link: string | null | undefined): LinkTarget | null {
  if (!link) return null;
  const path = inAppPath(link);
  if (path) return { kind: "app", href: path };
  const url = externalUrl(link);
  return url ? { kind: "external", href: url } : null;
}
