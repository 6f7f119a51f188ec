"use client";
// Writes feed changes into the cached `posts.list` pages (and an open post
// page), instead of refetching them. Used by live events and by the author's
// own mutations alike, so either may come first without a duplicate.
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useMemo } from "react";
import type { EventEnvelope, PostView } from "@/lib/events";
import {
  feedPagesWithEvent,
  pagesWithNewPosts,
  pagesWithoutPost,
  pagesWithUpdatedPost,
  type FeedPages,
} from "@/lib/feed/feed-cache";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

type ListData = InfiniteData<RouterOutputs["posts"]["list"], string | null | undefined>;

export function useFeedCache() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  return useMemo(() => {
    function updateLists(update: <P>(data: FeedPages<P>) => FeedPages<P>) {
      queryClient.setQueriesData<ListData>(trpc.posts.list.infiniteQueryFilter(), (data) =>
        data ? update(data) : data,
      );
    }

    return {
      applyEvent(event: EventEnvelope) {
        updateLists((data) => feedPagesWithEvent(data, event));
      },
      /** Posts to show on top (oldest first), e.g. the ones held behind the pill. */
      addPosts(posts: readonly PostView[]) {
        updateLists((data) => pagesWithNewPosts(data, posts));
      },
      updatePost(post: PostView) {
        updateLists((data) => pagesWithUpdatedPost(data, post));
        queryClient.setQueryData(trpc.posts.get.queryKey({ id: post.id }), (data) => data && { ...data, post });
      },
      removePost(id: string) {
        updateLists((data) => pagesWithoutPost(data, id));
      },
    };
  }, [trpc, queryClient]);
}
