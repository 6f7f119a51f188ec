import "server-only";
import { pushEndpointInput, pushSubscriptionInput } from "@/lib/validation/push";
import { pushStatus, subscribePush, unsubscribePush } from "../../notifications/push/subscriptions";
import { pushPublicKey } from "../../notifications/push/vapid";
import { contentLimits } from "../../content-limits";
import { authedProcedure, createTRPCRouter, rateLimited } from "../trpc";

// Web Push settings of this device; sessions only (tokens cannot reach "push").
export const pushRouter = createTRPCRouter({
  publicKey: authedProcedure.query(() => pushPublicKey()),

  status: authedProcedure
    .input(pushEndpointInput.partial())
    .query(({ ctx, input }) => pushStatus({ actor: ctx.user, ...input })),

  subscribe: authedProcedure
    .input(pushSubscriptionInput)
    .use(rateLimited(contentLimits.pushSubscriptions))
    .mutation(({ ctx, input }) => subscribePush({ actor: ctx.user, ...input, userAgent: ctx.headers.get("user-agent") })),

  unsubscribe: authedProcedure
    .input(pushEndpointInput)
    .mutation(({ ctx, input }) => unsubscribePush({ actor: ctx.user, ...input })),
});
