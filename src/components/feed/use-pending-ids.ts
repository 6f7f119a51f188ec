"use client";
// Ids of the items whose create (or other) mutation has not been answered
// yet, from the mutation cache: an optimistic item shows as pending until
// the server took it, whichever component started the mutation.
import { useMutationState, type MutationKey } from "@tanstack/react-query";
import { useMemo } from "react";

export function usePendingIds(mutationKey: MutationKey): ReadonlySet<string> {
  const ids = useMutationState({
    filters: { mutationKey, status: "pending" },
    select: (mutation) => (mutation.state.variables as { id?: string } | undefined)?.id,
  });
  return useMemo(() => new Set(ids.filter((id): id is string => typeof id === "string")), [ids]);
}
