"use client";
// "Add a comment", validated as the person types. The comment shows at once
// under the id the browser chose (the server's answer and the event find it
// there); if the server refuses, it goes away and the text comes back.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { MentionTextarea } from "@/components/mentions/mention-textarea";
import { useLiveForm } from "@/components/forms/use-live-form";
import type { CommentView } from "@/lib/events";
import { optimisticComment, postPageWithComment, postPageWithoutComment, type PostPage } from "@/lib/feed/feed-cache";
import { newId } from "@/lib/new-id";
import { createCommentInput } from "@/lib/validation/posts";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import type { Viewer } from "./viewer";

export function CommentForm({ postId, viewer }: { postId: string; viewer: Viewer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useLiveForm(createCommentInput, { postId, body: "" });
  const updatePage = (update: (data: PostPage) => PostPage) =>
    queryClient.setQueryData(trpc.posts.get.queryKey({ id: postId }), (data) => data && update(data));
  const add = useMutation(
    trpc.posts.addComment.mutationOptions({
      onMutate: (input) => {
        const comment: CommentView = optimisticComment({ ...input, id: input.id! }, viewer);
        updatePage((data) => postPageWithComment(data, comment));
        form.reset({ postId, body: "" });
      },
      onSuccess: (comment) => {
        updatePage((data) => postPageWithComment(data, comment));
        // Commenting follows the post (unless the person unfollowed it before).
        void queryClient.invalidateQueries({ queryKey: trpc.posts.followState.queryKey({ postId }) });
      },
      onError: (failure, input) => {
        updatePage((data) => postPageWithoutComment(data, input.id!));
        form.reset({ postId, body: input.body });
        form.setServerErrors(serverFieldErrors(failure));
      },
    }),
  );

  return (
    <form
      method="post"
      className="form comment-form"
      aria-label="Add a comment"
      onSubmit={form.handleSubmit((input) => add.mutate({ ...input, id: newId() }))}
      noValidate
    >
      <MentionTextarea label="Add a comment" required {...form.field("body")} />
      {add.isError && <FormAlert tone="error">{errorMessage(add.error)}</FormAlert>}
      <button type="submit" className="button button-primary">
        Comment
      </button>
    </form>
  );
}
