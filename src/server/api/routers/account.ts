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

  me: authedProcedure.query(({ ctx }) => getProfile({ actor: ctx.user })),

  updateProfile: authedProcedure
    .input(updateProfileInput)
    .mutation(({ ctx, input }) => updateProfile({ actor: ctx.user, ...input })),

  // Both end every session; the one that asked is renewed and stays signed in.
  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword({ actor: ctx.user, ...input, renewSession: ctx.renewSession })),

  signOutEverywhere: authedProcedure.mutation(({ ctx }) => endAllSessions({ actor: ctx.user, renewSession: ctx.renewSession })),
});
