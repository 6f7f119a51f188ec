"use client";
// A post's actions: Edit for its author, Delete for its author or an admin,
// and in the feed a link to its comments. Deleting removes it from the
// cached feed; `onDeleted` then does what the page needs (the post page
// goes back to the feed).
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import type { PostView } from "@/lib/events";
import { useTRPC } from "@/trpc/react";
import { ConfirmDeleteButton } from "@/components/ui/confirm-delete-button";
import { useFeedCache } from "./use-feed-cache";
import { canDelete, type Viewer } from "./viewer";

type Props = {
  post: PostView;
  viewer: Viewer;
  onEdit: () => void;
  onDeleted?: () => void;
  /** In the feed's list: the comments link, and buttons named after the post among the others. */
  inFeed?: boolean;
};

export function PostActions({ post, viewer, onEdit, onDeleted, inFeed = false }: Props) {
  const trpc = useTRPC();
  const cache = useFeedCache();
  const remove = useMutation(
    trpc.posts.delete.mutationOptions({
      onSuccess: ({ id }) => {
        cache.removePost(id);
        onDeleted?.();
      },
    }),
  );
  return (
    <div className="post-actions">
      {inFeed && (
        <Link href={`/posts/${post.id}`} className="post-comments">
          {post.commentCount === 1 ? "1 comment" : `${post.commentCount} comments`}
        </Link>
      )}
      {viewer.id === post.author.id && (
        <button
          type="button"
          className="button button-small button-quiet"
          aria-label={inFeed ? `Edit “${post.title}”` : undefined}
          onClick={onEdit}
        >
          Edit
        </button>
      )}
      {canDelete(viewer, post.author.id) && (
        <ConfirmDeleteButton
          what={`“${post.title}”`}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ id: post.id })}
        />
      )}
    </div>
  );
}
