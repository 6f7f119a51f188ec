import { checkHealth } from "@/server/health";

export const dynamic = "force-dynamic";

// 503 only when the app cannot serve (the database is down): a load balancer
// gains nothing by taking an instance out while Soketi or the worker is
// missing, since every instance shares them. "degraded" answers 200 and
// names what is missing.
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === "down" ? 503 : 200 });
}
