// What a personal access token may do. Shared by the server's checks and the
// settings form. A browser session has every scope its role allows.
export const accessTokenScopes = [
  "notifications:read",
  "notifications:write",
  "posts:read",
  "posts:write",
  "rooms:read",
  "rooms:write",
  "teams:read",
  "conversations:read",
  "conversations:write",
  "realtime",
  "admin",
] as const;

export type AccessTokenScope = (typeof accessTokenScopes)[number];

export const scopeLabels: Record<AccessTokenScope, string> = {
  "notifications:read": "Read notifications",
  "notifications:write": "Mark read or unread, archive and delete notifications",
  "posts:read": "Read posts",
  "posts:write": "Write posts",
  "rooms:read": "Read rooms",
  "rooms:write": "Send room messages",
  "teams:read": "See your teams",
  "conversations:read": "Read your direct messages",
  "conversations:write": "Send direct messages",
  realtime: "Live events: subscribe to channels and catch up (each channel also needs its read scope)",
  admin: "Admin actions (admins only)",
};

/** Procedure domains a token can reach; anything else (account, tokens, push, preferences) needs a session. */
const tokenDomains = new Set(["notifications", "posts", "rooms", "teams", "conversations"]);

/**
 * The scope a procedure needs, from its path and kind: reads need `<domain>:read`,
 * changes `<domain>:write`. Null: no token may call it.
 */
export function scopeForProcedure(path: string, type: "query" | "mutation" | "subscription"): AccessTokenScope | null {
  const domain = path.split(".")[0] ?? "";
  if (!tokenDomains.has(domain)) return null;
  const scope = `${domain}:${type === "query" ? "read" : "write"}`;
  // A domain may have only one of the two (teams: reading your own; changes are admin procedures).
  return (accessTokenScopes as readonly string[]).includes(scope) ? (scope as AccessTokenScope) : null;
}
