import { dashboardInput } from "@/lib/validation/dashboard";
import { dashboardOverview } from "../../dashboard/overview";
import { authedProcedure, createTRPCRouter } from "../trpc";

export const dashboardRouter = createTRPCRouter({
  overview: authedProcedure
    .input(dashboardInput)
    .query(({ ctx, input }) => dashboardOverview({ userId: ctx.user.id, dayStart: new Date(input.dayStart) })),
});
