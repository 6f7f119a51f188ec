// Runs once when a server instance starts: validate settings (fail fast with
// a readable message) and start this instance's outbox publisher.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./server/env");
  env();
  const { startPublisher } = await import("./server/realtime/publisher-instance");
  startPublisher();
  const { startOnlineReconciler } = await import("./server/dashboard/online-reconciler");
  startOnlineReconciler();
}
