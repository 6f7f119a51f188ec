import { checkHealth } from "@/server/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  // Degraded still serves everyone: only "down" is a failed health check.
  return Response.json(health, { status: health.status === "down" ? 503 : 200 });
}
