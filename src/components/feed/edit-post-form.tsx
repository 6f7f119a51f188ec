"use client";
// Editing a post in place, with the same live validation as "New post".
import { useMutation } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import type { PostView } from "@/lib/events";
import { updatePostInput } from "@/lib/validation/posts";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { useFeedCache } from "./use-feed-cache";

export function EditPostForm(props: { post: PostView; onDone: () => void }) {
  const { post, onDone } = props;
  const trpc = useTRPC();
  const cache = useFeedCache();
  // A cut body (from an event) must not be saved back as the whole post.
  const form = useLiveForm(updatePostInput, { id: post.id, title: post.title, body: post.body });
  const update = useMutation(
    trpc.posts.update.mutationOptions({
      onSuccess: (updated) => {
        cache.updatePost(updated);
        onDone();
      },
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );

  return (
    <form
      className="form edit-post-form"
      aria-label={`Edit “${post.title}”`}
      onSubmit={form.handleSubmit((input) => update.mutate(input))}
      noValidate
    >
      <TextField label="Title" required {...form.field("title")} />
      <TextField label="Body (optional)" multiline {...form.field("body")} />
      {update.isError && <FormAlert tone="error">{errorMessage(update.error)}</FormAlert>}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
