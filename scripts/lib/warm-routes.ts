// Dev mode compiles a route the first time it is asked for: the newcomer who
// opens the app right after "Ready" would wait for sign-in, home and each
// section to compile in turn (20-32 s measured for sign-in plus home on 2
// cores). The start command asks for the main routes itself, one
// after another in the order a newcomer meets them: the first ones (sign-in,
// home and what they call) before it says "Ready", so the first page opened
// after it is compiled already; the sections after, while the newcomer
// reads the banner and signs in. Signed out, the pages answer
// with a redirect to sign-in, but the route, its server code and its
// browser chunks are compiled all the same. Failures are ignored: warming is
// only a head start, never needed.

type Route = { path: string; method?: "GET" | "POST" };

/** Compiled before "Ready": what the first page a newcomer opens needs. */
export const FIRST_ROUTES: Route[] = [
  { path: "/sign-in" },
  // One route serves every /api/auth/* path: one request compiles it.
  { path: "/api/auth/session" },
  { path: "/" },
  { path: "/api/trpc/system.maintenance" },
  { path: "/api/realtime/auth/batch", method: "POST" },
  { path: "/api/realtime/user-auth", method: "POST" },
];

/** Compiled after "Ready", in the order a newcomer meets them. */
export const SECTION_ROUTES: Route[] = [
  { path: "/feed" },
  { path: "/inbox" },
  { path: "/rooms" },
  { path: "/docs" },
  { path: "/imports" },
  { path: "/profile" },
  { path: "/settings/notifications" },
  { path: "/admin" },
  { path: "/rooms/warm-up" },
  { path: "/docs/warm-up" },
  { path: "/posts/warm-up" },
  { path: "/sign-up" },
];

/** Asks for each route in turn; resolves with how long it took (never rejects). */
export async function warmRoutes(
  baseUrl: string,
  routes: readonly Route[],
  options: { cancelled: () => boolean },
): Promise<{ ms: number; failed: number }> {
  const started = Date.now();
  let failed = 0;
  for (const route of routes) {
    if (options.cancelled()) break;
    try {
      const res = await fetch(`${baseUrl}${route.path}`, {
        method: route.method ?? "GET",
        redirect: "manual",
        signal: AbortSignal.timeout(180_000),
      });
      await res.arrayBuffer();
    } catch {
      failed++;
    }
  }
  return { ms: Date.now() - started, failed };
}
