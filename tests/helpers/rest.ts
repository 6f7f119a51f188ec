import { handleRestRequest } from "@/server/api/rest";

/** One REST call, straight into the route's fetch handler. */
export async function rest(method: string, path: string, token: string | null, body?: unknown) {
  const headers = new Headers();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (body !== undefined) headers.set("Content-Type", "application/json");
  const response = await handleRestRequest(
    new Request(`http://localhost/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}
