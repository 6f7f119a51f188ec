"use client";
// One ReactionStore per signed-in person, shared by every page of the tab
// (a module-level store: it is the browser's, never the server's). Its loads
// go through the tRPC client: one `reactions.list` per page of subjects.
import { ReactionStore } from "@/lib/reactions/reaction-store";
import { useTRPCClient } from "@/trpc/react";

let shared: ReactionStore | null = null;

function storeFor(viewerId: string, client: ReturnType<typeof useTRPCClient>): ReactionStore {
  // Another person signed in in this tab: nothing of the previous one's is kept.
  if (shared?.viewerId !== viewerId) {
    shared = new ReactionStore({ viewerId, load: (kind, ids) => client.reactions.list.query({ kind, ids }) });
  }
  return shared;
}

export function useReactionStore(viewerId: string): ReactionStore {
  return storeFor(viewerId, useTRPCClient());
}
