import { z } from "zod";

export const dashboardInput = z.object({
  /** The start of the reader's day in their time zone ("notifications received today"). */
  dayStart: z.iso.datetime({ offset: true, error: "dayStart must be an ISO 8601 date-time" }),
});
