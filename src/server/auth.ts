// Sign-in (next-auth, credentials, JWT sessions) and the one way server code
// learns who is asking: `sessionUser*`, which also re-reads the user from the
// database so a deleted account or a changed role takes effect at once.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getToken } from "next-auth/jwt";
import type { Role } from "@/generated/prisma/enums";
import { signInInput } from "@/lib/validation/accounts";
import { authenticate } from "./accounts/authenticate";
import { clientAddress } from "./client-address";
import { db } from "./db";
import { env } from "./env";
import { AppError } from "./errors";

export type SessionUser = { id: string; email: string; name: string; role: Role };

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
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
            if (error instanceof AppError) throw new Error(error.message);
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
  return db.user.findUnique({
    where: { id: token.sub },
    select: { id: true, email: true, name: true, role: true },
  });
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
