import { changePasswordInput, signUpInput, updateProfileInput } from "@/lib/validation/accounts";
import { changePassword, getProfile, updateProfile } from "../../accounts/profile";
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

  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword({ userId: ctx.user.id, ...input })),
});
