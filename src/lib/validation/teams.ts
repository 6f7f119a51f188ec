// Teams' rules: the admin console validates with these as the admin types,
// the server again on every call.
import { z } from "zod";

const TEAM_NAME_MAX = 60;

const id = z.string().min(1).max(64);

const teamName = z
  .string()
  .trim()
  .min(1, "Give the team a name")
  .max(TEAM_NAME_MAX, `Keep the name under ${TEAM_NAME_MAX} characters`);

export const createTeamInput = z.object({ name: teamName });
export const renameTeamInput = z.object({ teamId: id, name: teamName });
export const teamIdInput = z.object({ teamId: id });

const memberEmail = z.string().trim().toLowerCase().pipe(z.email("Enter the person's email address"));

/** The console's "add by email" form. */
export const addMemberByEmailInput = z.object({ teamId: id, email: memberEmail });

/** A person chosen by email (typed) or by id (the people picker): exactly one of the two. */
export const addTeamMemberInput = z
  .object({ teamId: id, email: memberEmail.optional(), userId: id.optional() })
  .refine((v) => (v.email === undefined) !== (v.userId === undefined), {
    message: "Choose the person by email or from the list",
    path: ["email"],
  });
export type AddTeamMemberInput = z.output<typeof addTeamMemberInput>;

export const removeTeamMemberInput = z.object({ teamId: id, userId: id });
