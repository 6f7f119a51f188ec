"use client";
// Editing a post, optimistically: on Save the form closes and the post shows
// the new text at once (marked "Saving…"); if the server refuses, the post
// goes back to what it was and the form opens again with what was typed and
// the server's reasons. Shared by the feed's items and the post page.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { PostView } from "@/lib/events";
import { optimisticEdit } from "@/lib/feed/feed-cache";
import { useTRPC } from "@/trpc/react";
import { useFeedCache } from "./use-feed-cache";

/** `post` is undefined while the page that edits it is still loading. */
export function usePostEditor(post: PostView | undefined) {
  const trpc = useTRPC();
  const cache = useFeedCache();
  const [editing, setEditing] = useState(false);
  const update = useMutation(
    trpc.posts.update.mutationOptions({
      onMutate: (input) => {
        setEditing(false);
        if (!post) return undefined;
        cache.updatePost(optimisticEdit(post, { title: input.title, body: input.body ?? "" }));
        return { before: post };
      },
      onSuccess: (updated) => cache.updatePost(updated),
      onError: (_failure, _input, context) => {
        if (context?.before) cache.updatePost(context.before);
        setEditing(true);
      },
    }),
  );

  return {
    editing,
    saving: update.isPending,
    /** What was typed, after a refused save: the form opens again with it. */
    refusedDraft: update.isError ? (update.variables ?? null) : null,
    failure: update.isError ? update.error : null,
    open() {
      update.reset();
      setEditing(true);
    },
    close() {
      update.reset();
      setEditing(false);
    },
    save: update.mutate,
  };
}

export type PostEditor = ReturnType<typeof usePostEditor>;
