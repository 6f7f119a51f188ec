// Webhooks from the Pusher-protocol server (Soketi: SOKETI_DEFAULT_APP_WEBHOOKS;
// hosted Pusher: the app's webhook settings). Only signed requests count.
import { applyChannelWebhook, type ChannelWebhookEvent } from "@/server/dashboard/online-people";
import { pusher } from "@/server/realtime/pusher";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const rawBody = await req.text();
  // The SDK checks key, signature and content type (lower-case names).
  const webhook = pusher().webhook({ headers: Object.fromEntries(req.headers), rawBody });
  if (!webhook.isValid()) return Response.json({ error: "Invalid webhook signature." }, { status: 401 });
  await applyChannelWebhook(webhook.getEvents() as ChannelWebhookEvent[]);
  return Response.json({ ok: true });
}
