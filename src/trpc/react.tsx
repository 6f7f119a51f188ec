"use client";
// The browser's tRPC client (create-t3-app's recipe): one QueryClient per tab,
// batched HTTP requests to /api/trpc with superjson.
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";
import { createQueryClient } from "./query-client";

const trpcContext = createTRPCContext<AppRouter>();
const { TRPCProvider } = trpcContext;
export const { useTRPC, useTRPCClient } = trpcContext;

export type RouterOutputs = inferRouterOutputs<AppRouter>;

let browserQueryClient: QueryClient | undefined;

function getQueryClient() {
  // On the server every render gets its own client, so users never share data.
  if (typeof window === "undefined") return createQueryClient();
  // In the browser one per tab survives re-renders and Suspense retries.
  browserQueryClient ??= createQueryClient();
  return browserQueryClient;
}

export function TRPCReactProvider(props: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ transformer: superjson, url: `${baseUrl()}/api/trpc` })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {props.children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

function baseUrl() {
  if (typeof window !== "undefined") return window.location.origin;
  // Client components also render once on the server; queries they start
  // there are not sent (no prefetch in client components), but the URL must parse.
  return `http://localhost:${process.env.PORT ?? 3000}`;
}
