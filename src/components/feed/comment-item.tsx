"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MentionText } from "@/components/mentions/mention-text";
import { ReactionBar } from "@/components/reactions/reaction-bar";
import { PersonName } from "@/components/ui/person-name";
import { RelativeTime } from "@/components/ui/relative-time";
import type { CommentView } from "@/lib/events";
import { postPageWithoutComment } from "@/lib/feed/feed-cache";
import { useTRPC } from "@/trpc/react";
import { ConfirmDeleteButton } from "@/components/ui/confirm-delete-button";
import { canDelete, type Viewer } from "./viewer";
import "./feed.css";

/** `pending`: the author's own comment, shown before the server answered. */
export function CommentItem(props: { comment: CommentView; viewer: Viewer; pending?: boolean }) {
  const { comment, viewer, pending = false } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.posts.deleteComment.mutationOptions({
      onSuccess: ({ id }) =>
        queryClient.setQueryData(
          trpc.posts.get.queryKey({ id: comment.postId }),
          (data) => data && postPageWithoutComment(data, id),
        ),
    }),
  );
  return (
    <li
      id={`comment-${comment.id}`}
      className="comment-item"
      data-testid="comment-item"
      data-comment-id={comment.id}
      data-pending={pending || undefined}
    >
      <p className="post-meta muted">
        <PersonName person={comment.author} meId={viewer.id} /> · <RelativeTime iso={comment.createdAt} />
      </p>
      <p className="comment-body">
        <MentionText text={comment.body} />
      </p>
      {!pending && <ReactionBar kind="comment" id={comment.id} viewerId={viewer.id} />}
      {pending ? (
        <p className="muted" role="status">
          Sending…
        </p>
      ) : (
        canDelete(viewer, comment.author.id) && (
          <ConfirmDeleteButton
            what={`comment by ${comment.author.name}`}
            pending={remove.isPending}
            error={remove.error}
            onConfirm={() => remove.mutate({ id: comment.id })}
          />
        )
      )}
    </li>
  );
}
