import "server-only";
import { accessTokenIdInput, createAccessTokenInput } from "@/lib/validation/access-tokens";
import { createAccessToken, listAccessTokens, revokeAccessToken } from "../../access-tokens/tokens";
import { authedProcedure, createTRPCRouter } from "../trpc";

// Not reachable with a token (see scopeForProcedure): a token cannot make or revoke tokens.
export const accessTokensRouter = createTRPCRouter({
  list: authedProcedure.query(({ ctx }) => listAccessTokens({ actor: ctx.user })),

  create: authedProcedure
    .input(createAccessTokenInput)
    .mutation(({ ctx, input }) => createAccessToken({ actor: ctx.user, ...input })),

  revoke: authedProcedure
    .input(accessTokenIdInput)
    .mutation(({ ctx, input }) => revokeAccessToken({ actor: ctx.user, ...input })),
});
