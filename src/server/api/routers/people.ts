// People as others see them: the @mention picker's search.
import "server-only";
import { searchPeopleInput } from "@/lib/validation/mentions";
import { contentLimits } from "../../content-limits";
import { searchPeople } from "../../people/search-people";
import { authedProcedure, createTRPCRouter, rateLimited } from "../trpc";

export const peopleRouter = createTRPCRouter({
  search: authedProcedure
    .input(searchPeopleInput)
    .use(rateLimited(contentLimits.peopleSearches))
    .query(({ ctx, input }) => searchPeople({ actor: ctx.user, ...input })),
});
