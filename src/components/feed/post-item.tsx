"use client";
// One post in the feed, with Edit for its author and Delete for its author
// or an admin.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { PostView } from "@/lib/events";
import { useTRPC } from "@/trpc/react";
import { ConfirmDeleteButton } from "./confirm-delete-button";
import { EditPostForm } from "./edit-post-form";
import { PostMeta } from "./post-meta";
import { useFeedCache } from "./use-feed-cache";
import { canDelete, type Viewer } from "./viewer";

export function PostItem({ post, viewer }: { post: PostView; viewer: Viewer }) {
  const trpc = useTRPC();
  const cache = useFeedCache();
  const [editing, setEditing] = useState(false);
  const remove = useMutation(
    trpc.posts.delete.mutationOptions({ onSuccess: ({ id }) => cache.removePost(id) }),
  );
  const href = `/posts/${post.id}`;
  const isAuthor = viewer.id === post.author.id;

  return (
    <li className="post-item" data-testid="post-item" data-post-id={post.id}>
      {editing ? (
        <EditPostForm post={post} onDone={() => setEditing(false)} />
      ) : (
        <>
          <h3 className="post-title">
            <Link href={href}>{post.title}</Link>
          </h3>
          <PostMeta post={post} />
          {post.body && (
            <p className="post-body">
              {post.body}
              {post.bodyTruncated && (
                <>
                  … <Link href={href}>Read more</Link>
                </>
              )}
            </p>
          )}
          <div className="post-actions">
            <Link href={href} className="post-comments">
              {post.commentCount === 1 ? "1 comment" : `${post.commentCount} comments`}
            </Link>
            {isAuthor && (
              <button
                type="button"
                className="button button-small button-quiet"
                aria-label={`Edit “${post.title}”`}
                onClick={() => setEditing(true)}
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
        </>
      )}
    </li>
  );
}
