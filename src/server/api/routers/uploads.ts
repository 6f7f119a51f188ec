import "server-only";
import { uploadIdInput } from "@/lib/validation/imports";
import { env } from "../../env";
import { getAvatar, setAvatar } from "../../uploads/avatar";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const uploadsRouter = createTRPCRouter({
  /** What the browser's uploader enforces early (the server enforces it again). */
  limits: authedProcedure.query(() => ({ maxFiles: env().UPLOAD_MAX_FILES })),

  avatar: authedProcedure.query(({ ctx }) => getAvatar({ actor: ctx.user })),

  setAvatar: authedProcedure
    .input(uploadIdInput)
    .mutation(({ ctx, input }) => setAvatar({ actor: ctx.user, ...input })),
});
