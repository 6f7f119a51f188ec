// Several channel authorizations of one socket in one request (JSON body:
// socket_id, channel_names). A page subscribes to a handful of channels the
// moment its socket connects; asked one by one, that is a handful of
// requests, each reading the session again. The browser's authorizer
// (src/lib/realtime/channel-auth-batcher.ts) gathers them into one.
// Each channel is asked exactly as the one-channel route asks it
// (authorizeSubscriptions): the answer holds, per channel, the signature or
// the refusal that route would have given.
import { z } from "zod";
import { CHANNEL_AUTH_BATCH_MAX } from "@/lib/realtime/channel-auth-batcher";
import { authorizeSubscriptions } from "@/server/channel-auth/authorize-subscription";
import { realtimeCaller } from "@/server/channel-auth/realtime-caller";

export const dynamic = "force-dynamic";

const body = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id is malformed"),
  channel_names: z.array(z.string().min(1).max(200)).min(1).max(CHANNEL_AUTH_BATCH_MAX),
});

export async function POST(req: Request) {
  const json: unknown = await req.json().catch(() => null);
  const parsed = body.safeParse(json);
  if (!parsed.success) {
    return Response.json(
      { error: `Expected socket_id and channel_names (1 to ${CHANNEL_AUTH_BATCH_MAX} channel names).` },
      { status: 400 },
    );
  }
  const caller = await realtimeCaller(req);
  if (!caller.ok) return Response.json({ error: caller.reason }, { status: caller.status });
  const answers = await authorizeSubscriptions({
    actor: caller.user,
    socketId: parsed.data.socket_id,
    channels: parsed.data.channel_names,
    tokenScopes: caller.tokenScopes,
  });
  const channels: Record<string, { status: 200; auth: string; channel_data?: string } | { status: 403; error: string }> = {};
  for (const [channel, answer] of answers) {
    channels[channel] = answer.ok ? { status: 200, ...answer.auth } : { status: 403, error: answer.reason };
  }
  return Response.json({ channels });
}
