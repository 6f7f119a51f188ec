// Whose address a request counts as, for the per-address sign-in limit.
// Route handlers cannot see the connection, and Next passes a client's own
// X-Forwarded-For on untouched (it only fills it in when absent), so that
// header alone is whatever the client chose. The app's web server
// (scripts/web-server.ts) writes the connection's address into PEER_HEADER,
// overwriting anything a client sent under that name.
import "server-only";
import { env } from "./env";

export const PEER_HEADER = "x-real-peer";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  const raw = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(raw) ? raw.join(",") : raw) ?? undefined;
}

function normalise(address: string): string {
  // Node reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d.
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}

/**
 * The client's address: the connection's peer, or behind `trustedProxies`
 * proxies of the operator's (TRUSTED_PROXY_COUNT), the address the outermost
 * of them saw: the Nth entry of X-Forwarded-For from the right, since each
 * proxy appends and only what they appended can be believed.
 */
export function clientAddress(headers: HeaderSource, trustedProxies = env().TRUSTED_PROXY_COUNT): string {
  const peer = header(headers, PEER_HEADER)?.trim();
  // Not served by the app's own web server: one shared bucket, never the
  // client's say-so.
  if (!peer) return "unknown";
  if (trustedProxies > 0) {
    const forwarded = (header(headers, "x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    // Fewer entries than proxies: one of them did not append; the connection is all we know.
    const seen = forwarded.length >= trustedProxies ? forwarded[forwarded.length - trustedProxies] : undefined;
    if (seen) return normalise(seen);
  }
  return normalise(peer);
}
