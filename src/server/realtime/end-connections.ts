// Losing access ends the live feed too. A signature for a channel stays good
// for as long as its socket lives, so refusing someone at the channel-auth
// route is not enough: the socket they already have keeps hearing the
// channel. Browsers sign their connection in as their person (Pusher user
// authentication), and this asks the realtime server to close every socket
// of that person (the HTTP API's terminate_connections); the tab reconnects,
// subscribes again, and the channel it lost is refused.
//
// The request travels through the outbox, written in the transaction that
// takes the access away: it happens exactly when that change commits, is
// retried while the realtime server is unreachable, and is sent in outbox
// order: nothing committed after the change is published before the server
// was asked to close the sockets.
import "server-only";
import type { Tx } from "../db";
import { nextSeq, wroteUnlistedEvent } from "./outbox";

/** The outbox type of a row that closes a person's connections (never published as an event). */
export const END_CONNECTIONS = "connections.end";

/** Not a Pusher channel (no client can name it): only numbers these rows. */
function endConnectionsSeries(userId: string): string {
  return `#end-connections.${userId}`;
}

export type EndConnectionsPayload = { userId: string };

/**
 * Closes every live connection of `userId` once `tx` commits. For every place
 * where someone loses a channel they may be subscribed to: removal from a
 * room, a team or a document's editors, a role taken away, a password change
 * or "sign out everywhere".
 */
export async function endLiveConnections(tx: Tx, userId: string): Promise<void> {
  const seq = await nextSeq(tx, endConnectionsSeries(userId));
  const payload: EndConnectionsPayload = { userId };
  wroteUnlistedEvent(tx);
  await tx.outboxEvent.create({ data: { channel: endConnectionsSeries(userId), seq, type: END_CONNECTIONS, payload } });
}
