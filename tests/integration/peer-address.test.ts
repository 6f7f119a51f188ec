// The app's web server tells route handlers the connection's address, and a
// client cannot say otherwise (scripts/web-server.ts; the sign-in limit
// counts by it). Next is replaced by a handler that records what it got.
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPeerAddress } from "../../scripts/lib/peer-address";
import { clientAddress, PEER_HEADER } from "@/server/client-address";

let server: http.Server;
let base: string;
const seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer(
    withPeerAddress((req, res) => {
      seen.push(req.headers);
      res.end("ok");
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the web server's peer address", () => {
  it("is the connection's, overwriting a client's own header and ignoring its X-Forwarded-For", async () => {
    await fetch(base, { headers: { [PEER_HEADER]: "203.0.113.66", "x-forwarded-for": "198.51.100.7" } });
    const headers = seen.at(-1)!;
    expect(headers[PEER_HEADER]).toBe("127.0.0.1");
    expect(clientAddress(headers, 0)).toBe("127.0.0.1");
    // Behind one trusted proxy the proxy's entry counts: here that is the client's text, as configured.
    expect(clientAddress(headers, 1)).toBe("198.51.100.7");
  });
});
