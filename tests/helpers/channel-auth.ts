import { POST as authRoute } from "@/app/api/realtime/auth/route";
import { POST as userAuthRoute } from "@/app/api/realtime/user-auth/route";
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

/** Calls the app's user-authentication route as pusher-js's `signin()` in `user`'s browser would. */
export async function requestUserAuth(user: SessionUser | null, socketId: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (user) headers.cookie = await sessionCookie(user);
  return userAuthRoute(
    new Request("http://localhost/api/realtime/user-auth", {
      method: "POST",
      headers,
      body: new URLSearchParams({ socket_id: socketId }),
    }),
  );
}

/**
 * Calls the channel-auth route as a program holding a personal access token
 * does (pusher-js with a custom handler sending `Authorization: Bearer`).
 */
export function requestChannelAuthWithToken(token: string, channel: string, socketId: string): Promise<Response> {
  return authRoute(
    new Request("http://localhost/api/realtime/auth", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Bearer ${token}` },
      body: new URLSearchParams({ socket_id: socketId, channel_name: channel }),
    }),
  );
}

/** The user-authentication route, as the same program signs its connection in. */
export function requestUserAuthWithToken(token: string, socketId: string): Promise<Response> {
  return userAuthRoute(
    new Request("http://localhost/api/realtime/user-auth", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Bearer ${token}` },
      body: new URLSearchParams({ socket_id: socketId }),
    }),
  );
}
