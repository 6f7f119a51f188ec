import { uploadIdInput } from "@/lib/validation/imports";
import { db } from "../../db";
import { getAvatar, setAvatar } from "../../uploads/avatar";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const uploadsRouter = createTRPCRouter({
  avatar: authedProcedure.query(({ ctx }) => getAvatar(db, ctx.user.id)),

  setAvatar: authedProcedure
    .input(uploadIdInput)
    .mutation(({ ctx, input }) => setAvatar(db, { userId: ctx.user.id, uploadId: input.uploadId })),
});
