import "server-only";
import { dashboardInput } from "@/lib/validation/dashboard";
import { dashboardOverview } from "../../dashboard/overview";
import { onlinePeople } from "../../dashboard/online-people";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const dashboardRouter = createTRPCRouter({
  overview: authedProcedure
    .input(dashboardInput)
    .query(({ ctx, input }) => dashboardOverview({ actor: ctx.user, ...input })),

  /** "Online now": who (the newest few, avatar and name) and how many, with the feed's head. */
  onlinePeople: authedProcedure.query(() => onlinePeople()),
});
