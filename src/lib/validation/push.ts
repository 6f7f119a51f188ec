// A browser's PushSubscription (its toJSON()), as the settings toggle sends it.
import { z } from "zod";

const endpoint = z
  .url({ protocol: /^https$/, error: "A push endpoint must be an https:// URL" })
  .max(1000);

export const pushSubscriptionInput = z.object({
  endpoint,
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_=-]{20,200}$/, "Not a push key"),
    auth: z.string().regex(/^[A-Za-z0-9_=-]{8,100}$/, "Not a push secret"),
  }),
});

export const pushEndpointInput = z.object({ endpoint });
