"use client";
// One post in the feed, with Edit for its author and Delete for its author
// or an admin. The author's own new post shows before the server answered
// (`pending`): marked "Posting…", without actions until it exists.
import Link from "next/link";
import { ReactionBar } from "@/components/reactions/reaction-bar";
import type { PostView } from "@/lib/events";
import { EditPostForm } from "./edit-post-form";
import { PostActions } from "./post-actions";
import { PostAttachments } from "./post-attachments";
import { MentionText } from "@/components/mentions/mention-text";
import { PostMeta } from "./post-meta";
import { usePostEditor } from "./use-post-editor";
import type { Viewer } from "./viewer";
import "./feed.css";

/** Where the post sits in a windowed list (see VirtualPostList). */
type PostRow = {
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
          <PostMeta post={post} meId={viewer.id} />
          {post.body && (
            <p className="post-body">
              <MentionText text={post.body} />
              {post.bodyTruncated && (
                <>
                  … <Link href={href}>Read more</Link>
                </>
              )}
            </p>
          )}
          <PostAttachments attachments={post.attachments} />
          {pending || editor.saving ? (
            <p className="post-actions muted" role="status">
              {pending ? "Posting…" : "Saving…"}
            </p>
          ) : (
            <>
              <ReactionBar kind="post" id={post.id} viewerId={viewer.id} />
              <PostActions post={post} viewer={viewer} onEdit={editor.open} inFeed />
            </>
          )}
        </>
      )}
    </li>
  );
}
