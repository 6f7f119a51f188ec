// Whose address a request counts as: the connection's, unless the operator
// says how many proxies of theirs stand in front (TRUSTED_PROXY_COUNT).
import { describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER } from "@/server/client-address";

describe("client address", () => {
  it("is the connection's peer with no trusted proxies, whatever X-Forwarded-For says", () => {
    const headers = new Headers({ [PEER_HEADER]: "192.0.2.1", "x-forwarded-for": "203.0.113.9" });
    expect(clientAddress(headers, 0)).toBe("192.0.2.1");
    expect(clientAddress({ [PEER_HEADER]: "::ffff:192.0.2.1", "x-forwarded-for": "203.0.113.9" }, 0)).toBe("192.0.2.1");
  });

  it("is one shared bucket when the app's own web server did not say (never the client's word)", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9" }, 0)).toBe("unknown");
  });

  it("is the Nth address from the right behind N trusted proxies", () => {
    // The client may prepend anything; each proxy appends the address it saw.
    const xff = "6.6.6.6, 203.0.113.5, 10.0.0.2";
    expect(clientAddress({ [PEER_HEADER]: "10.0.0.3", "x-forwarded-for": xff }, 1)).toBe("10.0.0.2");
    expect(clientAddress({ [PEER_HEADER]: "10.0.0.3", "x-forwarded-for": xff }, 2)).toBe("203.0.113.5");
    expect(clientAddress(new Headers({ [PEER_HEADER]: "10.0.0.3", "x-forwarded-for": xff }), 2)).toBe("203.0.113.5");
    // Fewer entries than proxies: a proxy did not append; the connection is all we know.
    expect(clientAddress({ [PEER_HEADER]: "10.0.0.3", "x-forwarded-for": "203.0.113.5" }, 2)).toBe("10.0.0.3");
    expect(clientAddress({ [PEER_HEADER]: "10.0.0.3" }, 1)).toBe("10.0.0.3");
  });
});
