import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { db } from "../../db";
import { canSubscribe } from "../../realtime/channels";
import "../../workflows/channel-owners";
import { channelHead, eventsSince } from "../../realtime/outbox";
import { createTRPCRouter, publicProcedure } from "../trpc";

const channelInput = z.object({ channel: z.string().min(1).max(200) });

export const realtimeRouter = createTRPCRouter({
  /**
   * Events of a channel after `afterId`, for a client that missed some
   * (reconnect, or a gap in the ids). The same rule as subscribing decides
   * who may read them. `reset` tells the client to reload its state instead,
   * when more were missed than one answer holds.
   */
  catchUp: publicProcedure
    .input(channelInput.extend({ afterId: z.number().int().min(0) }))
    .query(async ({ ctx, input }) => {
      if (!(await canSubscribe(ctx.user, input.channel))) {
        throw new TRPCError({ code: "FORBIDDEN", message: "You cannot read this channel." });
      }
      const head = await channelHead(db, input.channel);
      const { events, truncated } = await eventsSince(db, input.channel, input.afterId);
      // A client ahead of the server (its database was reset) must reload too.
      return { events, reset: truncated || input.afterId > head };
    }),
});
