// Verifying a webhook from the Pusher-protocol server: signed with the app's
// secret (HMAC-SHA256 of the raw body, hex, in X-Pusher-Signature, with the
// app key in X-Pusher-Key), sent recently (its `time_ms`), and not seen
// before. Without the last two, a captured request could be replayed later,
// e.g. an old "channel_vacated" showing someone offline while they are not.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { z } from "zod";
import { env } from "../env";
import { AppError } from "../errors";
import { postgresLimiter } from "../postgres-limiter";

/** How old a webhook may be (Soketi sends at once, retrying for a short while), and how far ahead a clock may run. */
const WEBHOOK_MAX_AGE_MS = 5 * 60_000;
const WEBHOOK_MAX_SKEW_MS = 60_000;

const webhookBody = z.object({
  time_ms: z.number().int(),
  events: z.array(z.object({ name: z.string(), channel: z.string().optional() }).loose()),
});
type WebhookEvent = z.infer<typeof webhookBody>["events"][number];

// Signatures seen, kept (in the shared store, so every instance agrees)
// until a request with them would be too old anyway.
const store = globalThis as unknown as { __webhookSeen?: ReturnType<typeof postgresLimiter> };
function seen() {
  store.__webhookSeen ??= postgresLimiter("webhook-seen", {
    points: 1,
    duration: Math.ceil((WEBHOOK_MAX_AGE_MS + WEBHOOK_MAX_SKEW_MS) / 1000),
  });
  return store.__webhookSeen;
}

function refuse(message: string): never {
  throw new AppError("UNAUTHORIZED", message);
}

function signatureMatches(rawBody: string, signature: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = createHmac("sha256", env().PUSHER_SECRET).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

export type VerifiedWebhook = {
  events: WebhookEvent[];
  /** Call when the events could not be applied, so the server's retry is not taken for a replay. */
  forget: () => Promise<void>;
};

/** The webhook's events, or UNAUTHORIZED (401) for anything unsigned, stale or replayed. */
export async function verifyWebhook(headers: Headers, rawBody: string, now = Date.now()): Promise<VerifiedWebhook> {
  const key = headers.get("x-pusher-key");
  const signature = headers.get("x-pusher-signature");
  if (!key || !signature) refuse("Webhook signature missing.");
  if (key !== env().PUSHER_KEY || !signatureMatches(rawBody, signature)) refuse("Invalid webhook signature.");

  let parsed: z.infer<typeof webhookBody>;
  try {
    parsed = webhookBody.parse(JSON.parse(rawBody));
  } catch {
    throw new AppError("BAD_REQUEST", "Not a webhook body.");
  }
  if (parsed.time_ms < now - WEBHOOK_MAX_AGE_MS || parsed.time_ms > now + WEBHOOK_MAX_SKEW_MS) {
    refuse("Webhook too old, or from the future.");
  }
  const signatureKey = signature.toLowerCase();
  try {
    await seen().consume(signatureKey);
  } catch (error) {
    if (error instanceof RateLimiterRes) refuse("Webhook already received.");
    throw error;
  }
  return { events: parsed.events, forget: () => seen().delete(signatureKey).then(() => undefined) };
}
