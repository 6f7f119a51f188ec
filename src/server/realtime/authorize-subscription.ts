import type { SessionUser } from "../auth";
import "../workflows/channel-owners";
import { canSubscribe } from "./channels";
import { pusher } from "./pusher";

/** Signs a subscription when the channel's rule allows this user. */
export async function authorizeSubscription(user: SessionUser | null, socketId: string, channel: string) {
  if (!user) return { ok: false as const, reason: "Sign in to subscribe." };
  if (!(await canSubscribe(user, channel))) {
    return { ok: false as const, reason: "You may not subscribe to this channel." };
  }
  const auth = channel.startsWith("presence-")
    ? pusher().authorizeChannel(socketId, channel, { user_id: user.id, user_info: { name: user.name } })
    : pusher().authorizeChannel(socketId, channel);
  return { ok: true as const, auth };
}
