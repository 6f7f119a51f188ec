import "server-only";
import { currentMaintenance } from "../../system/maintenance";
import { createTRPCRouter, publicProcedure } from "../trpc";

/** What every page shows, signed in or not. */
export const systemRouter = createTRPCRouter({
  maintenance: publicProcedure.query(() => currentMaintenance()),
});
