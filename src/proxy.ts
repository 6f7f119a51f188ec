// Runs before Next routes a request, only for paths with a percent-escape.
// Next decodes a dynamic segment (`/api/v1/rooms/{roomId}/…`, `/api/files/[id]`,
// `/rooms/[id]`) before any handler runs, and answers a segment it cannot
// decode (`%zz`, a truncated UTF-8 sequence like `%E0%A4%A`) with a plain-text
// 500. A decoded NUL (`%00`) would reach queries as text PostgreSQL refuses.
// Both are the client's mistake: a 400 in the REST API's JSON error shape.

const MESSAGE = "The path holds a malformed percent-escape or an encoded NUL (%00).";

function malformedPath(pathname: string): boolean {
  return pathname.split("/").some((segment) => {
    try {
      return decodeURIComponent(segment).includes("\u0000");
    } catch {
      return true;
    }
  });
}

/** A 400 for a path no route can take; nothing (Next goes on routing) otherwise. */
export function proxy(request: Request): Response | undefined {
  if (!malformedPath(new URL(request.url).pathname)) return undefined;
  return Response.json(
    { code: "BAD_REQUEST", message: MESSAGE, data: { code: "BAD_REQUEST", httpStatus: 400, fieldErrors: null, retryAfterSeconds: null } },
    { status: 400 },
  );
}

export const config = {
  // Paths without "%" decode fine: the proxy costs them nothing.
  matcher: "/(.*%.*)",
};
