// Rebuilds "who is online" from the Pusher-protocol server at start and once
// a minute, so webhooks lost while no app instance listened (or a webhook
// racing a reconcile) are corrected within a minute. Idempotent: every
// instance may run it.
import "server-only";
import { pusher } from "../realtime/pusher";
import { reconcileOnlinePeople } from "./online-people";

const EVERY_MS = 60_000;
const store = globalThis as unknown as { __onlineReconciler?: NodeJS.Timeout };

export function startOnlineReconciler(): void {
  if (store.__onlineReconciler) return;
  let warned = false;
  const run = () =>
    reconcileOnlinePeople(pusher()).then(
      () => (warned = false),
      (error: unknown) => {
        if (!warned) console.warn(`[online] cannot list occupied channels yet: ${error instanceof Error ? error.message : error}`);
        warned = true;
      },
    );
  void run();
  store.__onlineReconciler = setInterval(run, EVERY_MS);
  store.__onlineReconciler.unref();
}
