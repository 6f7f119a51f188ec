import "server-only";
import { answerInvitationInput, pendingInvitationsInput } from "@/lib/validation/invitations";
import { answerInvitation, pendingInvitations } from "../../invitations/invitations";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const invitationsRouter = createTRPCRouter({
  /** The invitee accepts or declines (the notification's buttons go through notifications.act). */
  answer: authedProcedure
    .input(answerInvitationInput)
    .mutation(({ ctx, input }) => answerInvitation({ actor: ctx.user, ...input })),

  /** "Invited — pending": a room's or document's open invitations, for its owner. */
  pending: authedProcedure
    .input(pendingInvitationsInput)
    .query(({ ctx, input }) => pendingInvitations({ actor: ctx.user, ...input })),
});
