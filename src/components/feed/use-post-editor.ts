"use client";
// Editing a post, optimistically: on Save the form closes and the post shows
// the new text and images at once (marked "Saving…"); if the server refuses,
// the post goes back to what it was and the form opens again with what was
// typed, the images that were chosen, and the server's reasons. Shared by the
// feed's items and the post page.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import type { PostView } from "@/lib/events";
import { optimisticEdit, type AttachedImage } from "@/lib/feed/feed-cache";
import type { updatePostInput } from "@/lib/validation/posts";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { useFeedCache } from "./use-feed-cache";

/**
 * What a save holds: the request's fields, and the chosen images with their
 * names (the request carries their ids only), so that the optimistic copy can
 * show them and a refused save can give them back.
 */
type Draft = Omit<z.input<typeof updatePostInput>, "attachmentIds"> & { images?: readonly AttachedImage[] };

/** `post` is undefined while the page that edits it is still loading. */
export function usePostEditor(post: PostView | undefined) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const cache = useFeedCache();
  const [editing, setEditing] = useState(false);
  const update = useMutation({
    mutationKey: trpc.posts.update.mutationKey(),
    mutationFn: ({ images, ...input }: Draft) =>
      client.posts.update.mutate(images ? { ...input, attachmentIds: images.map((i) => i.uploadId) } : input),
    onMutate: (draft) => {
      setEditing(false);
      if (!post) return undefined;
      cache.updatePost(optimisticEdit(post, { title: draft.title, body: draft.body ?? "", attachments: draft.images }));
      return { before: post };
    },
    onSuccess: (updated) => cache.updatePost(updated),
    onError: (_failure, _draft, context) => {
      if (context?.before) cache.updatePost(context.before);
      setEditing(true);
    },
  });

  return {
    editing,
    saving: update.isPending,
    /** What was typed and chosen, after a refused save: the form opens again with it. */
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
