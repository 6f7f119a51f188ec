"use client";
// One post in the feed, with Edit for its author and Delete for its author
// or an admin. The author's own new post shows before the server answered
// (`pending`): marked "Posting…", without actions until it exists.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import type { PostView } from "@/lib/events";
import { useTRPC } from "@/trpc/react";
import { ConfirmDeleteButton } from "./confirm-delete-button";
import { EditPostForm } from "./edit-post-form";
import { PostMeta } from "./post-meta";
import { useFeedCache } from "./use-feed-cache";
import { usePostEditor } from "./use-post-editor";
import { canDelete, type Viewer } from "./viewer";

/** Where the post sits in a windowed list (see VirtualPostList). */
export type PostRow = {
  index: number;
  setSize: number;
  top: number;
  measure: (element: Element | null) => void;
};

type Props = { post: PostView; viewer: Viewer; pending?: boolean; row?: PostRow };

export function PostItem({ post, viewer, pending = false, row }: Props) {
  const editor = usePostEditor(post);
  const href = `/posts/${post.id}`;

  return (
    <li
      className="post-item"
      data-testid="post-item"
      data-post-id={post.id}
      data-pending={pending || editor.saving || undefined}
      {...(row && {
        ref: row.measure,
        "data-index": row.index,
        "aria-posinset": row.index + 1,
        "aria-setsize": row.setSize,
        className: "post-item post-item-row",
        style: { transform: `translateY(${row.top}px)` },
      })}
    >
      {editor.editing ? (
        <EditPostForm post={post} editor={editor} />
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
          {pending || editor.saving ? (
            <p className="post-actions muted" role="status">
              {pending ? "Posting…" : "Saving…"}
            </p>
          ) : (
            <PostActions post={post} viewer={viewer} onEdit={editor.open} />
          )}
        </>
      )}
    </li>
  );
}

function PostActions({ post, viewer, onEdit }: { post: PostView; viewer: Viewer; onEdit: () => void }) {
  const trpc = useTRPC();
  const cache = useFeedCache();
  const remove = useMutation(
    trpc.posts.delete.mutationOptions({ onSuccess: ({ id }) => cache.removePost(id) }),
  );
  return (
    <div className="post-actions">
      <Link href={`/posts/${post.id}`} className="post-comments">
        {post.commentCount === 1 ? "1 comment" : `${post.commentCount} comments`}
      </Link>
      {viewer.id === post.author.id && (
        <button
          type="button"
          className="button button-small button-quiet"
          aria-label={`Edit “${post.title}”`}
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
