// The signed-in user of the page being rendered, read once per request (the
// layout and the page both ask; React's cache makes it one database read).
import { redirect } from "next/navigation";
import { cache } from "react";
import { sessionUserFromPage, type SessionUser } from "@/server/auth";

export const currentUser = cache(sessionUserFromPage);

/** The signed-in user, or a redirect to sign-in that comes back to `path`. */
export async function requireUser(path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return user;
}
