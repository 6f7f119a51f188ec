// The @mention people picker's search, and the places it may be
// narrowed to (a private room's members, a document's people).
import { z } from "zod";

export const MENTION_SEARCH_LIMIT = 8;

const id = z.string().min(1).max(64);

export const searchPeopleInput = z.object({
  query: z.string().trim().min(1, "Type at least one letter").max(60, "Keep the search under 60 characters"),
  /** Offer only people who can see this place (a room or a document the caller can see). */
  place: z
    .discriminatedUnion("kind", [z.object({ kind: z.literal("room"), id }), z.object({ kind: z.literal("document"), id })])
    .optional(),
});
export type SearchPeopleInput = z.output<typeof searchPeopleInput>;
