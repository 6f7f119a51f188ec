import { encode } from "next-auth/jwt";
import type { SessionUser } from "@/server/auth";

/** The Cookie header of a browser signed in as `user` (a real next-auth JWT). */
export async function sessionCookie(user: SessionUser, secret = process.env.NEXTAUTH_SECRET!): Promise<string> {
  const token = await encode({
    token: { sub: user.id, role: user.role, name: user.name, email: user.email },
    secret,
  });
  return `next-auth.session-token=${token}`;
}
