import superjson from "superjson";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";

export type TrpcHttpResult = { status: number; body: unknown; error: unknown };

/**
 * One tRPC call over HTTP, straight into the route's handler, as the browser's
 * client sends it (superjson; queries as GET `?input=`, mutations as POST).
 * `raw` sends that text instead (query: the already-encoded `input` value).
 */
export async function trpcHttp(
  path: string,
  type: "query" | "mutation",
  options: { cookie?: string; input?: unknown; raw?: string },
): Promise<TrpcHttpResult> {
  const url = new URL(`http://localhost/api/trpc/${path}`);
  const headers = new Headers(options.cookie ? { cookie: options.cookie } : {});
  const encoded = options.raw ?? (options.input === undefined ? undefined : superjson.stringify(options.input));
  let response: Response;
  if (type === "query") {
    if (encoded !== undefined) url.search = `input=${options.raw ?? encodeURIComponent(encoded)}`;
    response = await GET(new Request(url, { headers }));
  } else {
    headers.set("content-type", "application/json");
    response = await POST(new Request(url, { method: "POST", headers, body: encoded }));
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const envelope = (body as { error?: Parameters<typeof superjson.deserialize>[0] } | null)?.error;
  return { status: response.status, body, error: envelope ? superjson.deserialize(envelope) : undefined };
}
