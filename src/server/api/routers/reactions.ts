import "server-only";
import { listReactionsInput, reactionChanged, reactionSummary, toggleReactionInput } from "@/lib/reactions/reactions";
import { z } from "zod";
import { listReactions, toggleReaction } from "../../reactions/reactions";
import { reactionLimit } from "../../reactions/reaction-limiter";
import { authedProcedure, createTRPCRouter, rateLimited } from "../trpc";

export const reactionsRouter = createTRPCRouter({
  /** A page of messages, posts or comments: their reactions in one query. */
  list: authedProcedure
    .input(listReactionsInput)
    .output(z.array(reactionSummary))
    .query(({ ctx, input }) => listReactions({ actor: ctx.user, ...input })),

  toggle: authedProcedure
    .input(toggleReactionInput)
    .use(rateLimited(reactionLimit))
    // The toggle's answer is what its event says.
    .output(reactionChanged)
    .mutation(({ ctx, input }) => toggleReaction({ actor: ctx.user, ...input })),
});
