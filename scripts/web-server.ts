// The web server the start command runs (dev and prod): Next's request
// handler behind Node's HTTP server, instead of `next dev` / `next start`,
// so that every request carries the connection's address (peer-address.ts),
// and so that, in production, the REST API is served beside Next
// (lib/rest-server.ts).
// Usage: node --import tsx scripts/web-server.ts <dev|prod> <port>
import http from "node:http";
import { withPeerAddress } from "./lib/peer-address";

const [mode, portText] = process.argv.slice(2);
const dev = mode === "dev";
const port = Number(portText);
if (!["dev", "prod"].includes(mode ?? "") || !Number.isInteger(port)) {
  console.error("usage: web-server.ts <dev|prod> <port>");
  process.exit(2);
}
// What `next dev` / `next start` would set; Next reads it when loaded.
(process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";

const { default: next } = await import("next");
const server = http.createServer();
const app = next({ dev, dir: process.cwd(), port, httpServer: server });
await app.prepare();
const nextHandler = app.getRequestHandler();
// In production the REST API skips Next (rest-server.ts says why); in dev it
// stays behind Next, so that editing its code reloads it.
const { isRestRequest, serveRest } = dev ? { isRestRequest: () => false, serveRest: nextHandler } : await import("./lib/rest-server");
server.on(
  "request",
  withPeerAddress((req, res) => (isRestRequest(req.url) ? serveRest(req, res) : nextHandler(req, res))),
);
server.listen(port, () => console.log(`[web] listening on port ${port} (${mode})`));

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close();
    server.closeAllConnections();
    void app.close().finally(() => process.exit(0));
  });
}
