// pusher-js's channel authorization endpoint (form body: socket_id,
// channel_name). Signs a subscription only when the channel rules allow it,
// for a browser session or an access token with the realtime scope.
import { z } from "zod";
import { authorizeSubscription } from "@/server/channel-auth/authorize-subscription";
import { realtimeCaller } from "@/server/channel-auth/realtime-caller";

export const dynamic = "force-dynamic";

const body = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id is malformed"),
  channel_name: z.string().min(1).max(200),
});

export async function POST(req: Request) {
  const form = await req.formData().catch(() => null);
  const parsed = body.safeParse(form ? Object.fromEntries(form) : {});
  if (!parsed.success) {
    return Response.json({ error: "Expected socket_id and channel_name." }, { status: 400 });
  }
  const caller = await realtimeCaller(req);
  if (!caller.ok) return Response.json({ error: caller.reason }, { status: caller.status });
  const result = await authorizeSubscription({
    actor: caller.user,
    socketId: parsed.data.socket_id,
    channel: parsed.data.channel_name,
    tokenScopes: caller.tokenScopes,
  });
  if (!result.ok) return Response.json({ error: result.reason }, { status: 403 });
  return Response.json(result.auth);
}
