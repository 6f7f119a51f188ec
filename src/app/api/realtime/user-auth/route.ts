// pusher-js's user authentication endpoint (form body: socket_id): signs the
// connection in as the session's person (or an access token's, with the
// realtime scope), so that the server can close that person's sockets when
// they lose access to a channel.
import { z } from "zod";
import { authenticateConnection } from "@/server/channel-auth/authorize-subscription";
import { realtimeCaller } from "@/server/channel-auth/realtime-caller";

export const dynamic = "force-dynamic";

const body = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id is malformed"),
});

export async function POST(req: Request) {
  const form = await req.formData().catch(() => null);
  const parsed = body.safeParse(form ? Object.fromEntries(form) : {});
  if (!parsed.success) return Response.json({ error: "Expected socket_id." }, { status: 400 });
  const caller = await realtimeCaller(req);
  if (!caller.ok) return Response.json({ error: caller.reason }, { status: caller.status });
  const result = authenticateConnection({ actor: caller.user, socketId: parsed.data.socket_id });
  if (!result.ok) return Response.json({ error: result.reason }, { status: 403 });
  return Response.json(result.auth);
}
