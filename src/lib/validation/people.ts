// The admin console's people picker: a search by name or email.
import { z } from "zod";

export const PEOPLE_SEARCH_LIMIT = 20;

export const searchUsersInput = z.object({
  query: z.string().trim().max(100, "Keep the search under 100 characters").default(""),
});

/** An admin's change of a person's role. */
export const changeRoleInput = z.object({
  userId: z.string().min(1).max(64),
  role: z.enum(["USER", "ADMIN"]),
});
