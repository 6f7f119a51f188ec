// Sign-in (next-auth, credentials, JWT sessions) and the one way server code
// learns who is asking: `sessionUser*`, which also re-reads the user from the
// database so a deleted account, a changed role or an ended session (the
// token's session version is behind the user's) takes effect at once.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { encode, getToken } from "next-auth/jwt";
import type { Role } from "@/generated/prisma/enums";
import { signInInput } from "@/lib/validation/accounts";
import { authenticate } from "./accounts/authenticate";
import { clientAddress } from "./client-address";
import { db } from "./db";
import { env } from "./env";
import { isAppError } from "./errors";

export type SessionUser = { id: string; email: string; name: string; role: Role };

const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const parsed = signInInput.safeParse(credentials);
          if (!parsed.success) throw new Error("Enter your email and password.");
          try {
            return await authenticate({ ...parsed.data, address: clientAddress(req.headers ?? {}) });
          } catch (error) {
            // next-auth hands the message of a thrown Error to the browser:
            // only our own messages may travel, never a database error's text.
            if (isAppError(error)) throw new Error(error.message);
            console.error("[auth] sign-in failed unexpectedly:", error);
            throw new Error("Signing in is not possible right now. Please try again in a minute.");
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = (user as SessionUser).role;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { ...session.user, id: token.sub!, role: token.role as Role };
        return session;
      },
    },
  };
}

type CookieSource = { getAll(): { name: string; value: string }[] };

async function sessionUserFrom(cookies: CookieSource, headers: Headers): Promise<SessionUser | null> {
  const token = await getToken({
    // getToken reads `cookies.getAll()` and `headers`; it needs no NextRequest.
    req: { cookies, headers } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: env().NEXTAUTH_SECRET,
  });
  if (!token?.sub) return null;
  // The version rides on the user read every request makes anyway: ending
  // sessions costs no query of its own, and no write.
  const user = await db.user.findUnique({
    where: { id: token.sub },
    select: { id: true, email: true, name: true, role: true, sessionVersion: true },
  });
  // Tokens from before versions existed carry none: version 0, every user's first.
  if (!user || user.sessionVersion !== (token.sv ?? 0)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** next-auth's cookie name: the `__Secure-` one when the app is served over https. */
function sessionCookieName(): { name: string; secure: boolean } {
  const secure = env().NEXTAUTH_URL.startsWith("https://");
  return { name: `${secure ? "__Secure-" : ""}next-auth.session-token`, secure };
}

/**
 * A Set-Cookie header that signs `user` in again at `sessionVersion`: the
 * session that ended all the others stays signed in. Written as next-auth
 * writes its own, so next-auth reads and rolls it like any other.
 */
export async function renewedSessionCookie(user: SessionUser, sessionVersion: number): Promise<string> {
  const token = await encode({
    token: { sub: user.id, name: user.name, email: user.email, role: user.role, sv: sessionVersion },
    secret: env().NEXTAUTH_SECRET,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const { name, secure } = sessionCookieName();
  const expires = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000).toUTCString();
  return `${name}=${token}; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

function parseCookieHeader(header: string | null): CookieSource {
  const list = (header ?? "")
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf("=");
      return eq < 0
        ? { name: part, value: "" }
        : { name: part.slice(0, eq), value: decodeURIComponent(part.slice(eq + 1)) };
    });
  return { getAll: () => list };
}

/** The signed-in user of a route handler's request, or null. */
export function sessionUserFromRequest(req: Request): Promise<SessionUser | null> {
  return sessionUserFrom(parseCookieHeader(req.headers.get("cookie")), req.headers);
}

/** The signed-in user of the page being rendered, or null. */
export async function sessionUserFromPage(): Promise<SessionUser | null> {
  const { cookies, headers } = await import("next/headers");
  return sessionUserFrom(await cookies(), await headers());
}
