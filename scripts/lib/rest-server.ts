// The REST API (/api/v1) served without Next in front of it. Next's request
// handling (routing, the route module's wrappers, its Request adapter) took
// about a quarter of the web server's CPU per REST call in the profile of
// `npm run bench:rest`, for a handler that needs none of it: the handler
// takes a Request and gives a Response. Pages, tRPC for pages and every
// other route still go through Next.
//
// This process then runs the server code twice, Next's bundle and this one:
// what both must agree on lives on globalThis (the database pool, the
// publisher, the token cache), and nothing compares classes across the two
// (isUniqueViolation in errors.ts checks a code, not a class).
import { Readable } from "node:stream";
import type { IncomingMessage, ServerResponse } from "node:http";
import { INTERNAL_ERROR_MESSAGE } from "../../src/lib/internal-error";
import { handleRestRequest, REST_BASE_PATH } from "../../src/server/api/rest";
import { proxy } from "../../src/proxy";

/** Whether a request is the REST API's. */
export function isRestRequest(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith(`${REST_BASE_PATH}/`) || url === REST_BASE_PATH || url.startsWith(`${REST_BASE_PATH}?`));
}

export async function serveRest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const request = toRequest(req);
    const response = proxy(request) ?? (await handleRestRequest(request));
    await sendResponse(response, res);
  } catch (error) {
    console.error("[rest] answering failed:", error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: "INTERNAL_SERVER_ERROR", message: INTERNAL_ERROR_MESSAGE }));
  }
}

/** A Node request as the Fetch API's Request (its body streamed, not buffered). */
export function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const url = `http://${validHost(req.headers.host)}${req.url ?? "/"}`;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // Required by undici for a streamed body.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

/** The Host header when it is one (a client can send anything there; only the path is routed on). */
function validHost(host: string | undefined): string {
  if (!host) return "localhost";
  try {
    return new URL(`http://${host}`).host === host.toLowerCase() ? host : "localhost";
  } catch {
    return "localhost";
  }
}

/** Writes a Fetch API Response to a Node response (each Set-Cookie kept on its own). */
export async function sendResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  res.writeHead(response.status, headers);
  res.end(body);
}
