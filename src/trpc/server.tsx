// tRPC for server components: procedures called in-process (no HTTP) with
// the page's user, and prefetched queries handed to the browser's cache.
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache, type ReactNode } from "react";
import { currentUser } from "@/app/_lib/session";
import { appRouter, createCaller } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import { createQueryClient } from "./query-client";

const createContext = cache(async () => createContextInner({ user: await currentUser() }));

/** One QueryClient per request, shared by everything that request renders. */
export const getQueryClient = cache(createQueryClient);

export const trpc = createTRPCOptionsProxy({ ctx: createContext, router: appRouter, queryClient: getQueryClient });

/** Calls procedures directly, as the page's user. */
export const api = cache(async () => createCaller(await createContext()));

/** Hands what this request prefetched to the browser's QueryClient. */
export function HydrateClient(props: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{props.children}</HydrationBoundary>;
}
