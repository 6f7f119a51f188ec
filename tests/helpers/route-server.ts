// The app's realtime routes and REST API served over real HTTP on a free
// port, for a client running in another process (the live.mjs example in docs/rest-api.md).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { POST as authRoute } from "@/app/api/realtime/auth/route";
import { POST as userAuthRoute } from "@/app/api/realtime/user-auth/route";
import { handleRestRequest } from "@/server/api/rest";
import { sendResponse, toRequest } from "../../scripts/lib/rest-server";

function routeFor(pathname: string): ((req: Request) => Promise<Response>) | null {
  if (pathname === "/api/realtime/auth") return authRoute;
  if (pathname === "/api/realtime/user-auth") return userAuthRoute;
  if (pathname.startsWith("/api/v1/")) return handleRestRequest;
  return null;
}

export async function serveRoutes(): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const request = toRequest(req);
    const route = routeFor(new URL(request.url).pathname);
    const answer = route ? route(request) : Promise.resolve(new Response("not found", { status: 404 }));
    void answer.then((response) => sendResponse(response, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
