// Personal access tokens: made with a name, scopes and an optional expiry,
// shown once, stored as a sha256 hash, revoked by their owner. A token that
// is used has its last-used time updated (at most once a minute).
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import type { SessionUser } from "../auth";

/** Recognisable in logs and by secret scanners. */
export const TOKEN_PREFIX = "lnt_";

/** The token of an `Authorization: Bearer …` header, or null when there is none. */
export function bearerToken(headers: Headers): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1] ?? null;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const tokenView = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

export async function createAccessToken(options: {
  actor: Actor;
  name: string;
  scopes: AccessTokenScope[];
  expiresInDays?: number | null;
}) {
  if (options.scopes.includes("admin") && options.actor.role !== "ADMIN") {
    throw new AppError("FORBIDDEN", "Only admins can give a token the admin scope.", {
      scopes: ["Only admins can choose the admin scope"],
    });
  }
  // 32 random bytes: not guessable, so a fast hash is enough to store it.
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = options.expiresInDays ? new Date(Date.now() + options.expiresInDays * 86_400_000) : null;
  const created = await db.accessToken.create({
    data: {
      userId: options.actor.id,
      name: options.name,
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      tokenHash: hashToken(token),
      scopes: [...new Set(options.scopes)],
      expiresAt,
    },
    select: tokenView,
  });
  return { token, accessToken: created };
}

export function listAccessTokens(options: { actor: Actor }) {
  return db.accessToken.findMany({
    where: { userId: options.actor.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: tokenView,
  });
}

export async function revokeAccessToken(options: { actor: Actor; id: string }) {
  const { count } = await db.accessToken.updateMany({
    where: { id: options.id, userId: options.actor.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  forgetToken(options.id);
  if (count === 0) {
    const exists = await db.accessToken.count({ where: { id: options.id, userId: options.actor.id } });
    if (!exists) throw new AppError("NOT_FOUND", "That token does not exist.");
  }
  return { revoked: true };
}

export type TokenAuth = { user: SessionUser; scopes: AccessTokenScope[] };

// Programs call the API many times a second with one token: a look-up and a
// write per request were two statements on every call. What a token grants
// is kept for a few seconds per process (a revocation elsewhere is honoured
// within TOKEN_CACHE_MS; here at once), and the last-used time is written
// at most once a minute, after the answer.
const TOKEN_CACHE_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;
// On globalThis: the production web server runs this module twice (Next's
// bundle and the REST API beside it, scripts/lib/rest-server.ts), and a
// revocation through one must be forgotten by both at once.
const store = globalThis as unknown as {
  __tokenCache?: Map<string, { auth: TokenAuth | null; id: string | null; until: number }>;
  __tokenLastUsed?: Map<string, number>;
};
const cache = (store.__tokenCache ??= new Map());
const lastUsedWritten = (store.__tokenLastUsed ??= new Map());

/**
 * The person and scopes behind a bearer token, or null when the token is
 * unknown, revoked or expired. Marks the token used (at most once a minute).
 */
export async function authenticateAccessToken(token: string): Promise<TokenAuth | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const hash = hashToken(token);
  const now = Date.now();
  let entry = cache.get(hash);
  if (!entry || entry.until <= now) {
    entry = await lookUpToken(hash, now);
    if (cache.size > 10_000) cache.clear(); // many distinct tokens: start over rather than grow
    cache.set(hash, entry);
  }
  if (entry.id && now - (lastUsedWritten.get(entry.id) ?? 0) >= LAST_USED_EVERY_MS) {
    lastUsedWritten.set(entry.id, now);
    const id = entry.id;
    void db.accessToken.update({ where: { id }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
  }
  return entry.auth;
}

async function lookUpToken(hash: string, now: number) {
  const row = await db.accessToken.findUnique({
    where: { tokenHash: hash },
    select: {
      id: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, email: true, name: true, role: true } },
    },
  });
  const until = Math.min(now + TOKEN_CACHE_MS, row?.expiresAt?.getTime() ?? Infinity);
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) return { auth: null, id: null, until };
  // A token never grants more than its owner's role: an admin token of a
  // person who is no longer admin loses the admin scope.
  const scopes = (row.scopes as AccessTokenScope[]).filter((s) => s !== "admin" || row.user.role === "ADMIN");
  return { auth: { user: row.user, scopes }, id: row.id, until };
}

/** Forgets what this process knew of a token (on revocation). */
function forgetToken(id: string): void {
  for (const [hash, entry] of cache) if (entry.id === id) cache.delete(hash);
}
