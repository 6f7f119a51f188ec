import "server-only";
import { pushEndpointInput, pushSubscriptionInput } from "@/lib/validation/push";
import { pushStatus, subscribePush, unsubscribePush } from "../../notifications/push/subscriptions";
import { vapidDetails } from "../../notifications/push/vapid";
import { contentLimits } from "../../content-limits";
import { authedProcedure, createTRPCRouter, rateLimited } from "../trpc";

// Web Push settings of this device; sessions only (tokens cannot reach "push").
export const pushRouter = createTRPCRouter({
  publicKey: authedProcedure.query(async () => ({ publicKey: (await vapidDetails()).publicKey })),

  status: authedProcedure
    .input(pushEndpointInput.partial())
    .query(({ ctx, input }) => pushStatus({ userId: ctx.user.id, endpoint: input.endpoint })),

  subscribe: authedProcedure
    .input(pushSubscriptionInput)
    .use(rateLimited(contentLimits.pushSubscriptions))
    .mutation(({ ctx, input }) =>
      subscribePush({ userId: ctx.user.id, endpoint: input.endpoint, ...input.keys, userAgent: ctx.headers.get("user-agent") }),
    ),

  unsubscribe: authedProcedure
    .input(pushEndpointInput)
    .mutation(({ ctx, input }) => unsubscribePush({ userId: ctx.user.id, endpoint: input.endpoint })),
});
