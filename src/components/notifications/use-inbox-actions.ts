"use client";
// The inbox's changes by id (one entry's buttons, or the selection). Nothing
// is written into the cache here: the event each change emits updates this
// tab and every other one the same way, in the order the server made them.
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

export type InboxAction = "markManyRead" | "markUnread" | "archive" | "unarchive" | "delete";

export function useInboxAction(action: InboxAction, options: { onSuccess?: () => void } = {}) {
  const trpc = useTRPC();
  return useMutation(trpc.notifications[action].mutationOptions({ onSuccess: () => options.onSuccess?.() }));
}
