// The addresses the start command prints for the web server: this machine
// and its LAN addresses (a phone on the same network opens those). Next's
// dev server serves its scripts only to pages opened at an allowed host, so
// next.config.ts allows exactly these.
import os from "node:os";

/** This machine's non-loopback IPv4 addresses (what Next's own banner shows as "Network"). */
export function networkAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === "IPv4" && !i.internal)
    .map((i) => i.address);
}

/** Every host the start command tells people to open. */
export function servedHosts(): string[] {
  return ["localhost", "127.0.0.1", ...networkAddresses()];
}
