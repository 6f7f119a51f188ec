"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/**
 * The unread count and latest notifications. Pushed events keep it current
 * (LiveNotifications), so it is never refetched on its own: a refetch could
 * only race the events.
 */
export function useInboxSummary() {
  const trpc = useTRPC();
  return useQuery(trpc.notifications.summary.queryOptions(undefined, { staleTime: Infinity }));
}
