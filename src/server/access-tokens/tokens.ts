// Personal access tokens: made with a name, scopes and an optional expiry,
// shown once, stored as a sha256 hash, revoked by their owner. A token that
// is used has its last-used time updated.
import { createHash, randomBytes } from "node:crypto";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import { db } from "../db";
import { AppError } from "../errors";
import type { SessionUser } from "../auth";

/** Recognisable in logs and by secret scanners. */
export const TOKEN_PREFIX = "lnt_";

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
  user: SessionUser;
  name: string;
  scopes: AccessTokenScope[];
  expiresInDays?: number | null;
}) {
  if (options.scopes.includes("admin") && options.user.role !== "ADMIN") {
    throw new AppError("FORBIDDEN", "Only admins can give a token the admin scope.", {
      scopes: ["Only admins can choose the admin scope"],
    });
  }
  // 32 random bytes: not guessable, so a fast hash is enough to store it.
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = options.expiresInDays ? new Date(Date.now() + options.expiresInDays * 86_400_000) : null;
  const created = await db.accessToken.create({
    data: {
      userId: options.user.id,
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

export function listAccessTokens(options: { userId: string }) {
  return db.accessToken.findMany({
    where: { userId: options.userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: tokenView,
  });
}

export async function revokeAccessToken(options: { userId: string; id: string }) {
  const { count } = await db.accessToken.updateMany({
    where: { id: options.id, userId: options.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) {
    const exists = await db.accessToken.count({ where: { id: options.id, userId: options.userId } });
    if (!exists) throw new AppError("NOT_FOUND", "That token does not exist.");
  }
  return { revoked: true };
}

export type TokenAuth = { user: SessionUser; scopes: AccessTokenScope[] };

/**
 * The person and scopes behind a bearer token, or null when the token is
 * unknown, revoked or expired. Marks the token used.
 */
export async function authenticateAccessToken(token: string): Promise<TokenAuth | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.accessToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, email: true, name: true, role: true } },
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return null;
  await db.accessToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  // A token never grants more than its owner's role: an admin token of a
  // person who is no longer admin loses the admin scope.
  const scopes = (row.scopes as AccessTokenScope[]).filter((s) => s !== "admin" || row.user.role === "ADMIN");
  return { user: row.user, scopes };
}
