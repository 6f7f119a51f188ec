import "server-only";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import type { Actor } from "../actor";
import { canSubscribe } from "./channel-access";
import { presenceInfo } from "../realtime/presence-info";
import { pusher } from "../realtime/pusher";
import { thumbnailUrl } from "@/lib/uploads";
import { db } from "../db";

/** The person's avatar for presence lists (room and document pages): one read, on presence channels only. */
async function avatarUrlOf(userId: string): Promise<string | null> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { avatarUploadId: true } });
  return row?.avatarUploadId ? thumbnailUrl(row.avatarUploadId) : null;
}

/**
 * Signs a subscription when the channel's rule allows the actor (and, for an
 * access token, its scopes: `tokenScopes`, null for a session).
 */
export async function authorizeSubscription(options: {
  actor: Actor | null;
  socketId: string;
  channel: string;
  tokenScopes?: readonly AccessTokenScope[] | null;
}) {
  const { actor, socketId, channel, tokenScopes = null } = options;
  if (!actor) return { ok: false as const, reason: "Sign in to subscribe." };
  if (!(await canSubscribe(actor, channel, tokenScopes))) {
    return { ok: false as const, reason: "You may not subscribe to this channel." };
  }
  const auth = channel.startsWith("presence-")
    ? pusher().authorizeChannel(socketId, channel, { user_id: actor.id, user_info: presenceInfo(actor, await avatarUrlOf(actor.id)) })
    : pusher().authorizeChannel(socketId, channel);
  return { ok: true as const, auth };
}

export type SubscriptionAnswer = Awaited<ReturnType<typeof authorizeSubscription>>;

/**
 * Several channels of one socket at once (the batch channel-auth route):
 * each asked exactly as `authorizeSubscription` asks it alone, so a batch
 * signs nothing the one-channel route would refuse.
 */
export async function authorizeSubscriptions(options: {
  actor: Actor | null;
  socketId: string;
  channels: readonly string[];
  tokenScopes?: readonly AccessTokenScope[] | null;
}): Promise<Map<string, SubscriptionAnswer>> {
  const { channels, ...asker } = options;
  const unique = [...new Set(channels)];
  const answers = await Promise.all(unique.map((channel) => authorizeSubscription({ ...asker, channel })));
  return new Map(unique.map((channel, i) => [channel, answers[i]!]));
}

/**
 * Signs a connection in as its person (Pusher user authentication). The
 * realtime server then knows whose sockets to close when that person loses
 * access (see end-connections.ts). Only the id travels: nothing reads more.
 */
export function authenticateConnection(options: { actor: Actor | null; socketId: string }) {
  if (!options.actor) return { ok: false as const, reason: "Sign in to connect as yourself." };
  return { ok: true as const, auth: pusher().authenticateUser(options.socketId, { id: options.actor.id }) };
}
