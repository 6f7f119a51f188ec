import "server-only";
import {
  addTeamMemberInput,
  createTeamInput,
  removeTeamMemberInput,
  renameTeamInput,
  teamIdInput,
} from "@/lib/validation/teams";
import { addTeamMember, listTeamMembers, myTeams, removeTeamMember } from "../../teams/members";
import { createTeam, deleteTeam, listTeams, renameTeam } from "../../teams/teams";
import { adminProcedure, authedProcedure, createTRPCRouter } from "../trpc";

export const teamsRouter = createTRPCRouter({
  /** The teams the caller belongs to (any signed-in person; tokens with teams:read). */
  mine: authedProcedure.query(({ ctx }) => myTeams(ctx.user.id)),

  list: adminProcedure.query(() => listTeams()),

  members: adminProcedure.input(teamIdInput).query(({ input }) => listTeamMembers(input.teamId)),

  create: adminProcedure.input(createTeamInput).mutation(({ ctx, input }) => createTeam(ctx.user.id, input)),

  rename: adminProcedure.input(renameTeamInput).mutation(({ ctx, input }) => renameTeam(ctx.user.id, input)),

  delete: adminProcedure.input(teamIdInput).mutation(({ ctx, input }) => deleteTeam(ctx.user.id, input)),

  addMember: adminProcedure.input(addTeamMemberInput).mutation(({ ctx, input }) => addTeamMember(ctx.user.id, input)),

  removeMember: adminProcedure
    .input(removeTeamMemberInput)
    .mutation(({ ctx, input }) => removeTeamMember(ctx.user.id, input)),
});
