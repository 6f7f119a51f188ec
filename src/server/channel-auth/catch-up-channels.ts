// Catch-up as the API serves it: the events a channel's reader missed, under
// the same rule as subscribing to it (canSubscribe), for a signed-out
// visitor (actor null: only public channels) as for a session or a token.
import "server-only";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { catchUp } from "../realtime/catch-up";
import { canSubscribe } from "./channel-access";

type Reader = {
  actor: Actor | null;
  /** Null for a browser session; an access token's scopes otherwise. */
  tokenScopes: readonly AccessTokenScope[] | null;
};

/** Events of one channel after `afterId`; FORBIDDEN when the reader may not read it. */
export async function catchUpChannel(options: Reader & { channel: string; afterId: number }) {
  if (!(await canSubscribe(options.actor, options.channel, options.tokenScopes))) {
    throw new AppError("FORBIDDEN", "You cannot read this channel.");
  }
  return catchUp(db, options.channel, options.afterId);
}

/**
 * Several channels at once, each answered on its own: a channel the reader
 * may no longer read is answered `refused`, the others still.
 */
export function catchUpChannels(options: Reader & { channels: readonly { channel: string; afterId: number }[] }) {
  return Promise.all(
    options.channels.map(async ({ channel, afterId }) =>
      (await canSubscribe(options.actor, channel, options.tokenScopes))
        ? { channel, refused: false as const, ...(await catchUp(db, channel, afterId)) }
        : { channel, refused: true as const },
    ),
  );
}
