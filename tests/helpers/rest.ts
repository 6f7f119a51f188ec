import { proxy } from "@/proxy";
import { handleRestRequest } from "@/server/api/rest";

/** One REST call, as Next runs it: the proxy first, then the route's fetch handler. */
export async function rest(method: string, path: string, token: string | null, body?: unknown) {
  const response = await restRaw({
    method,
    path,
    token,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: response.json as Record<string, unknown> };
}

/**
 * A REST call with the path, body and content type exactly as given (already
 * percent-encoded path, any text as body). `json` is undefined when the answer is not JSON.
 */
export async function restRaw(options: {
  method: string;
  path: string;
  token?: string | null;
  body?: string;
  /** Defaults to application/json when there is a body. */
  contentType?: string | null;
}) {
  const headers = new Headers();
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  const contentType = options.contentType === undefined && options.body !== undefined ? "application/json" : options.contentType;
  if (contentType) headers.set("Content-Type", contentType);
  const request = new Request(`http://localhost/api/v1${options.path}`, { method: options.method, headers, body: options.body });
  const response = proxy(request) ?? (await handleRestRequest(request));
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
