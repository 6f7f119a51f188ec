import { POST as authRoute } from "@/app/api/realtime/auth/route";
import type { SessionUser } from "@/server/auth";
import { sessionCookie } from "./session";

/** Calls the app's channel-auth route as pusher-js in `user`'s browser would. */
export async function requestChannelAuth(
  user: SessionUser | null,
  channel: string,
  socketId: string,
  cookie?: string,
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const sessionHeader = cookie ?? (user ? await sessionCookie(user) : undefined);
  if (sessionHeader) headers.cookie = sessionHeader;
  return authRoute(
    new Request("http://localhost/api/realtime/auth", {
      method: "POST",
      headers,
      body: new URLSearchParams({ socket_id: socketId, channel_name: channel }),
    }),
  );
}
