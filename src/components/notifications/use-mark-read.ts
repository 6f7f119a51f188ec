"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { useNotificationCache } from "./use-notification-cache";

export function useMarkRead() {
  const trpc = useTRPC();
  const cache = useNotificationCache();
  return useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: (_result, input) => cache.markReadLocally([input.id]),
    }),
  );
}

export function useMarkAllRead() {
  const trpc = useTRPC();
  const cache = useNotificationCache();
  return useMutation(
    trpc.notifications.markAllRead.mutationOptions({
      // Only what the person saw when they clicked: one that arrives while
      // the request travels may be newer than what the server marked.
      onMutate: () => ({ shown: cache.cachedUnreadIds() }),
      onSuccess: (_result, _input, context) => cache.markReadLocally(context?.shown ?? []),
    }),
  );
}
