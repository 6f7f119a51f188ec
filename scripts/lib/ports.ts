// Ports are checked before anything starts, so "address in use" becomes a
// message that names the setting to change instead of a child's stack trace.
import net from "node:net";

export type PortNeed = { port: number; setting: string; what: string };

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    // The wildcard address conflicts with a listener on any local address,
    // which is how Next binds.
    server.listen({ port, host: "0.0.0.0", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A TCP port that is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function portIsFree(port: number): Promise<boolean> {
  return !(await answers(port)) && (await canListen(port));
}

export class PortsInUseError extends Error {
  constructor(problems: string[]) {
    super(`Ports already in use:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PortsInUseError";
  }
}

export async function assertPortsFree(needs: PortNeed[]): Promise<void> {
  const problems: string[] = [];
  for (const need of needs) {
    if (!(await portIsFree(need.port))) {
      problems.push(
        `${need.setting}=${need.port} (${need.what}): something already listens there, ` +
          `perhaps another "npm run dev". Stop it, or set ${need.setting} to a free port.`,
      );
    }
  }
  if (problems.length > 0) throw new PortsInUseError(problems);
}
