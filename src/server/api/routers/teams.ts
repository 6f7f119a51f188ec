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
  mine: authedProcedure.query(({ ctx }) => myTeams({ actor: ctx.user })),

  list: adminProcedure.query(() => listTeams()),

  members: adminProcedure.input(teamIdInput).query(({ input }) => listTeamMembers(input)),

  create: adminProcedure.input(createTeamInput).mutation(({ ctx, input }) => createTeam({ actor: ctx.user, ...input })),

  rename: adminProcedure.input(renameTeamInput).mutation(({ ctx, input }) => renameTeam({ actor: ctx.user, ...input })),

  delete: adminProcedure.input(teamIdInput).mutation(({ ctx, input }) => deleteTeam({ actor: ctx.user, ...input })),

  addMember: adminProcedure.input(addTeamMemberInput).mutation(({ ctx, input }) => addTeamMember({ actor: ctx.user, ...input })),

  removeMember: adminProcedure
    .input(removeTeamMemberInput)
    .mutation(({ ctx, input }) => removeTeamMember({ actor: ctx.user, ...input })),
});
