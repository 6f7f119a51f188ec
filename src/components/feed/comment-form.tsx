"use client";
// "Add a comment", validated as the person types; the comment shows at once
// and its event, when it comes, finds it already there.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { postPageWithComment } from "@/lib/feed/feed-cache";
import { createCommentInput } from "@/lib/validation/posts";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

export function CommentForm({ postId }: { postId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useLiveForm(createCommentInput, { postId, body: "" });
  const add = useMutation(
    trpc.posts.addComment.mutationOptions({
      onSuccess: (comment) => {
        queryClient.setQueryData(
          trpc.posts.get.queryKey({ id: postId }),
          (data) => data && postPageWithComment(data, comment),
        );
        form.reset({ postId, body: "" });
      },
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );

  return (
    <form
      className="form comment-form"
      aria-label="Add a comment"
      onSubmit={form.handleSubmit((input) => add.mutate(input))}
      noValidate
    >
      <TextField label="Add a comment" multiline required {...form.field("body")} />
      {add.isError && <FormAlert tone="error">{errorMessage(add.error)}</FormAlert>}
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? "Commenting…" : "Comment"}
      </button>
    </form>
  );
}
