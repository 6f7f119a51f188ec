import "server-only";
import { changePasswordInput, signUpInput, updateProfileInput } from "@/lib/validation/accounts";
import { changePassword, getProfile, updateProfile } from "../../accounts/profile";
import { endAllSessions } from "../../accounts/sessions";
import { signUp } from "../../accounts/sign-up";
import { contentLimits } from "../../content-limits";
import { authedProcedure, createTRPCRouter, publicProcedure, rateLimited } from "../trpc";

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure
    .input(signUpInput)
    .use(rateLimited(contentLimits.signUps, "address"))
    .mutation(({ input }) => signUp(input)),

  me: authedProcedure.query(({ ctx }) => getProfile(ctx.user.id)),

  updateProfile: authedProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }) => updateProfile({ userId: ctx.user.id, ...input })),

  // Both end every session; the one that asked is renewed and stays signed in.
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const { sessionVersion } = await changePassword({ userId: ctx.user.id, ...input });
    await ctx.renewSession(sessionVersion);
  }),

  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const { sessionVersion } = await endAllSessions({ userId: ctx.user.id });
    await ctx.renewSession(sessionVersion);
  }),
});
