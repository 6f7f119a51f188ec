// The one thing the app's web server adds to Next: the connection's address,
// in a header route handlers can read (src/server/client-address.ts says why).
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { PEER_HEADER } from "../../src/server/client-address";

export function withPeerAddress(handler: (req: IncomingMessage, res: ServerResponse) => unknown): RequestListener {
  return (req, res) => {
    // Assigned, never appended: a client's own copy of the header is dropped.
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    void handler(req, res);
  };
}
