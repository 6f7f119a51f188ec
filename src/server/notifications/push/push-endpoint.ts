// Where the app may send Web Pushes. A push endpoint is a URL the browser
// hands over and the server later POSTs to, so without a rule anyone signed
// in could make the server call internal addresses (cloud metadata, admin
// ports on the private network): a server-side request forgery. Real push
// services (FCM, Mozilla autopush, Apple, Microsoft) are public https hosts
// on port 443, so that is all that is accepted. The check runs when an
// endpoint is registered and again when a push connects (`guardedLookup`),
// because a name that was public when registered can later resolve inward.
import "server-only";
import { lookup, promises as dns } from "node:dns";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { AppError } from "../../errors";

// Addresses no push service lives at (IANA special-purpose registries).
// BlockList matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against the IPv4 rules.
const internal = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  internal.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96], // NAT64: would reach IPv4 addresses through a gateway
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 32], // Teredo
  ["2001:db8::", 32],
  ["2002::", 16], // 6to4 embeds any IPv4 address
  ["fc00::", 7], // unique local (fd00:ec2::254 is a cloud metadata address)
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  internal.addSubnet(net, prefix, "ipv6");
}

function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !internal.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * Origins (`https://host:port`) exempt from the rule. Only tests set it, for
 * their local push service on 127.0.0.1; production has none.
 */
let exemptOrigins = new Set<string>();
/** The agent pushes go through; tests swap in one that trusts their certificate. */
let agent: https.Agent | undefined;

export function setPushTransport(options: { agent?: https.Agent; exemptOrigins?: string[] }) {
  agent = options.agent;
  exemptOrigins = new Set(options.exemptOrigins ?? []);
}

/** Resolves like dns.lookup, but fails for a name with any internal address. */
const guardedLookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      return callback(Object.assign(new Error(`${hostname} resolves to the internal address ${refused.address}`), { code: "EREFUSED" }));
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}) as unknown as LookupFunction;

const guardedAgent = new https.Agent({ lookup: guardedLookup, keepAlive: true });

/** Options for web-push's sendNotification: the agent to connect through. */
export function pushTransport(endpoint: string): { agent: https.Agent } {
  const origin = new URL(endpoint).origin;
  return { agent: agent && exemptOrigins.has(origin) ? agent : guardedAgent };
}

const NOT_PUBLIC = "Push notifications can only go through a public push service (an https:// address on port 443).";

function refuse(message = NOT_PUBLIC): never {
  throw new AppError("BAD_REQUEST", message, { endpoint: [message] });
}

/** Throws BAD_REQUEST unless the endpoint is https on port 443 of a host with only public addresses. */
export async function assertPublicPushEndpoint(endpoint: string): Promise<void> {
  const url = new URL(endpoint);
  if (exemptOrigins.has(url.origin)) return;
  if (url.protocol !== "https:" || (url.port !== "" && url.port !== "443") || url.username || url.password) refuse();
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      refuse(`The push service ${host} could not be found.`);
    }
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) refuse();
}
