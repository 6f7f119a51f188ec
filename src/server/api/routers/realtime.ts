import "server-only";
import { z } from "zod";
import { catchUpOutput, restErrors } from "@/lib/validation/api-outputs";
import { AppError } from "../../errors";
import { catchUpChannel, catchUpChannels } from "../../channel-auth/catch-up-channels";
import { createTRPCRouter, publicProcedure } from "../trpc";

/**
 * Catch-up is open to signed-out visitors (the public `system` channel), so
 * it is a public procedure; a token still counts, scopes included (the
 * channel rules hold which scope reads which channel), and a bad one is
 * refused as everywhere else rather than read as "signed out".
 */
const catchUpProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.badToken) throw new AppError("UNAUTHORIZED", "This access token is unknown, revoked or expired.");
  // canSubscribe refuses such a token too; this says why, once for every channel.
  if (ctx.tokenScopes && !ctx.tokenScopes.includes("realtime")) {
    throw new AppError("FORBIDDEN", "This access token lacks the realtime scope.");
  }
  return next();
});

const channelName = z.string().min(1).max(200);
const afterId = z.number().int().min(0);
/** A tab holds a handful of channels; this bounds what one call may ask. */
const MAX_CHANNELS_PER_CALL = 50;

export const realtimeRouter = createTRPCRouter({
  /**
   * Events of a channel after `afterId`, for a client that missed some (a
   * gap in the ids). The same rule as subscribing decides who may read them.
   * `reset` tells the client to reload its state instead.
   */
  catchUp: catchUpProcedure
    .input(z.object({ channel: channelName, afterId }))
    .query(({ ctx, input }) => catchUpChannel({ actor: ctx.user, tokenScopes: ctx.tokenScopes, ...input })),

  /**
   * The same over REST, for programs and native apps that follow channels
   * with pusher-js and a `realtime` token: `GET /api/v1/events?channel=…&after=…`.
   */
  events: catchUpProcedure
    .meta({ openapi: { method: "GET", path: "/events", tags: ["realtime"], summary: "Events of a channel after an event id (catch-up after a reconnect)", errorResponses: restErrors } })
    .input(z.object({ channel: channelName, after: afterId }))
    .output(catchUpOutput)
    .query(({ ctx, input }) =>
      catchUpChannel({ actor: ctx.user, tokenScopes: ctx.tokenScopes, channel: input.channel, afterId: input.after }),
    ),

  /**
   * The same for every channel of a tab at once, after a reconnect or a
   * wake from sleep: one call, each channel answered on its own (a channel
   * the person may no longer read is answered `refused`, the others still).
   */
  catchUpMany: catchUpProcedure
    .input(
      z.object({
        channels: z
          .array(z.object({ channel: channelName, afterId }))
          .min(1)
          .max(MAX_CHANNELS_PER_CALL)
          .refine((list) => new Set(list.map((c) => c.channel)).size === list.length, "Each channel once"),
      }),
    )
    .query(({ ctx, input }) => catchUpChannels({ actor: ctx.user, tokenScopes: ctx.tokenScopes, ...input })),
});
