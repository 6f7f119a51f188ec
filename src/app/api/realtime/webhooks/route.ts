// Webhooks from the Pusher-protocol server (Soketi: SOKETI_DEFAULT_APP_WEBHOOKS;
// hosted Pusher: the app's webhook settings). Only signed, recent requests
// count, each once (src/server/realtime/webhooks.ts).
import { applyChannelWebhook } from "@/server/dashboard/online-people";
import { appErrorCodes, isAppError } from "@/server/errors";
import { verifyWebhook } from "@/server/realtime/webhooks";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  let webhook;
  try {
    webhook = await verifyWebhook(req.headers, await req.text());
  } catch (error) {
    if (!isAppError(error)) throw error;
    return Response.json({ error: error.message }, { status: appErrorCodes[error.code] });
  }
  try {
    await applyChannelWebhook({ events: webhook.events });
  } catch (error) {
    await webhook.forget();
    throw error;
  }
  return Response.json({ ok: true });
}
