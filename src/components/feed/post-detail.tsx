"use client";
// A post and its comments (oldest first), live on `private-post.<id>`: new
// and deleted comments, edits and the post's deletion arrive as events
// written into the cached `posts.get` answer.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { MentionText } from "@/components/mentions/mention-text";
import { useScrollToHash } from "@/components/ui/use-scroll-to-hash";
import { ListSkeleton } from "@/components/ui/list-skeleton";
import { ReactionBar } from "@/components/reactions/reaction-bar";
import { useReactionStore } from "@/components/reactions/use-reaction-store";
import { MuteToggle } from "@/components/notifications/mute-toggle";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { postPageWithEvent } from "@/lib/feed/feed-cache";
import { channels } from "@/lib/realtime/channel-names";
import { errorMessage, isNotFound, retryUnlessNotFound } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { CommentForm } from "./comment-form";
import { CommentItem } from "./comment-item";
import { EditPostForm } from "./edit-post-form";
import { FollowToggle } from "./follow-toggle";
import { PostActions } from "./post-actions";
import { PostAttachments } from "./post-attachments";
import { PostMeta } from "./post-meta";
import { useFeedCache } from "./use-feed-cache";
import { usePendingIds } from "./use-pending-ids";
import { usePostEditor } from "./use-post-editor";
import type { Viewer } from "./viewer";
import "./feed.css";

export function PostDetail({ id, viewer }: { id: string; viewer: Viewer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const feed = useFeedCache();
  const [deleted, setDeleted] = useState(false);
  const options = trpc.posts.get.queryOptions({ id }, { retry: retryUnlessNotFound });
  const query = useQuery(options);
  const commenting = usePendingIds(trpc.posts.addComment.mutationKey());
  const editor = usePostEditor(query.data?.post);
  const reactions = useReactionStore(viewer.id);

  useChannelEvents({
    channel: channels.post(id),
    baselineId: deleted ? undefined : query.data?.head,
    onEvent(event) {
      // Reactions (on the post and its comments) live in their own store, batched per frame.
      if (reactions.applyEvent(event)) return;
      if (event.type === "post.deleted") {
        setDeleted(true);
        feed.removePost(id);
        return;
      }
      queryClient.setQueryData(options.queryKey, (data) => data && postPageWithEvent(data, event));
      if (event.type === "post.updated") {
        feed.updatePost(event.data.post);
        // Events carry a cut body; this page shows the whole post.
        if (event.data.post.bodyTruncated) void queryClient.invalidateQueries({ queryKey: options.queryKey });
      }
    },
    async onReset() {
      try {
        const fresh = await queryClient.fetchQuery({ ...options, staleTime: 0 });
        return fresh.head;
      } catch (error) {
        if (isNotFound(error)) setDeleted(true);
        throw error;
      }
    },
  });

  // A notification's link to a comment (#comment-<id>) lands on it once the comments are there.
  useScrollToHash(query.isSuccess);

  if (query.isPending) return <ListSkeleton label="Loading the post…" />;
  if (!query.data) {
    const missing = isNotFound(query.error);
    return (
      <div className="empty-state" role="alert">
        <h1>{missing ? "Post not found" : "This post could not be loaded"}</h1>
        <p>{missing ? "That post does not exist (it may have been deleted)." : errorMessage(query.error)}</p>
        {missing ? (
          <Link href="/feed" className="button button-primary">
            Back to the feed
          </Link>
        ) : (
          <button type="button" className="button button-primary" onClick={() => void query.refetch()}>
            Try again
          </button>
        )}
      </div>
    );
  }

  const { post, comments } = query.data;
  if (deleted) {
    return (
      <div className="empty-state" role="status" data-testid="post-deleted">
        <h1>This post was deleted</h1>
        <p>“{post.title}” is no longer available.</p>
        <Link href="/feed" className="button button-primary">
          Back to the feed
        </Link>
      </div>
    );
  }

  return (
    <article className="post-page" data-testid="post-detail" data-post-id={post.id}>
      <p>
        <Link href="/feed">← Feed</Link>
      </p>
      {editor.editing ? (
        <EditPostForm post={post} editor={editor} />
      ) : (
        <header>
          <h1 className="post-title">{post.title}</h1>
          <PostMeta post={post} meId={viewer.id} />
          {post.body && (
            <p className="post-body">
              <MentionText text={post.body} />
            </p>
          )}
          <PostAttachments attachments={post.attachments} />
          <ReactionBar kind="post" id={post.id} viewerId={viewer.id} />
          {editor.saving ? (
            <p className="post-actions muted" role="status">
              Saving…
            </p>
          ) : (
            <PostActions
              post={post}
              viewer={viewer}
              onEdit={editor.open}
              onDeleted={() => router.push("/feed")}
            />
          )}
          <p>
            <MuteToggle kind="post" targetId={post.id} label="Mute this thread" />
          </p>
          <p>
            <FollowToggle postId={post.id} />
          </p>
        </header>
      )}

      <section aria-labelledby="comments-heading" className="post-page">
        <h2 id="comments-heading">{comments.length === 1 ? "1 comment" : `${comments.length} comments`}</h2>
        {comments.length === 0 ? (
          <p className="muted">No comments yet.</p>
        ) : (
          <ul className="comment-list">
            {comments.map((comment) => (
              <CommentItem
                key={comment.id}
                comment={comment}
                viewer={viewer}
                pending={commenting.has(comment.id)}
              />
            ))}
          </ul>
        )}
        <CommentForm postId={post.id} viewer={viewer} />
      </section>
    </article>
  );
}
