"use client";
// The feed: a "New post" form, then pages of posts, newest first, kept
// current by events on `private-feed` written into the cached pages (no
// refetch). The first page's `head` is the event id the pages include.
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { ListSkeleton } from "@/components/ui/list-skeleton";
import { useReactionStore } from "@/components/reactions/use-reaction-store";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { LoadError } from "@/components/ui/load-error";
import { LoadMore } from "@/components/ui/load-more";
import type { PostView } from "@/lib/events";
import { hasPost } from "@/lib/feed/feed-cache";
import { channels } from "@/lib/realtime/channel-names";
import { useTRPC } from "@/trpc/react";
import { NewPostForm } from "./new-post-form";
import { NewPostsPill } from "./new-posts-pill";
import { useFeedCache } from "./use-feed-cache";
import { isScrolledDown, useHeldPosts } from "./use-held-posts";
import { usePendingIds } from "./use-pending-ids";
import type { Viewer } from "./viewer";
import { VirtualPostList } from "./virtual-post-list";

const PAGE_SIZE = 20;

export function Feed({ viewer }: { viewer: Viewer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cache = useFeedCache();
  const listOptions = trpc.posts.list.infiniteQueryOptions(
    { limit: PAGE_SIZE },
    {
      getNextPageParam: (page) => page.nextCursor,
      // Events keep the pages current; a background refetch would only move
      // posts under the reader (and re-fetch every loaded page).
      staleTime: Infinity,
      refetchOnWindowFocus: false,
    },
  );
  const list = useInfiniteQuery(listOptions);
  const reveal = useCallback((posts: readonly PostView[]) => cache.addPosts(posts), [cache]);
  const held = useHeldPosts(reveal);
  const posting = usePendingIds(trpc.posts.create.mutationKey());
  const reactions = useReactionStore(viewer.id);

  useChannelEvents({
    channel: channels.feed(),
    baselineId: list.data?.pages[0]?.head,
    onEvent(event) {
      // Reactions live in their own store, batched per frame (the pages are not touched).
      if (reactions.applyEvent(event)) return;
      held.applyEvent(event);
      if (event.type === "post.created" && event.data.post.author.id !== viewer.id && isScrolledDown()) {
        const data = queryClient.getQueryData(listOptions.queryKey);
        if (data && !hasPost(data, event.data.post.id)) {
          held.hold(event.data.post);
          return;
        }
      }
      cache.applyEvent(event);
    },
    async onReset() {
      held.clear();
      await queryClient.resetQueries({ queryKey: listOptions.queryKey });
      return queryClient.getQueryData(listOptions.queryKey)?.pages[0]?.head ?? 0;
    },
  });

  function showNewPosts() {
    // At the top first (at once, not smoothly): the rows that come in are
    // then measured below the reader, and nothing moves under them.
    window.scrollTo({ top: 0 });
    held.showHeld();
  }

  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = list;
  const loadOlder = useCallback(() => {
    // After a failed page, the "Load older posts" button (with the error) retries instead.
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="feed" aria-labelledby="feed-heading">
      <h1 id="feed-heading">Feed</h1>
      <NewPostForm viewer={viewer} />
      <NewPostsPill count={held.held.length} onClick={showNewPosts} />

      {list.isPending ? (
        <ListSkeleton label="Loading the feed…" />
      ) : !list.data ? (
        <LoadError what="The feed" error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <div className="empty-state">
          <h2>No posts yet</h2>
          <p>Write the first one above; everyone sees it here right away.</p>
        </div>
      ) : (
        <>
          <VirtualPostList posts={items} viewer={viewer} pendingIds={posting} onNearEnd={loadOlder} />
          <LoadMore list={list} label="Load older posts" />
        </>
      )}
    </section>
  );
}
