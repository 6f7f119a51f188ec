"use client";
// "New post": validated as the person types with the server's schema; the
// post shows in the feed as soon as the server accepts it (the event that
// follows finds it already there).
import { useMutation } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { createPostInput } from "@/lib/validation/posts";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { useFeedCache } from "./use-feed-cache";

const empty = { title: "", body: "" };

export function NewPostForm() {
  const trpc = useTRPC();
  const cache = useFeedCache();
  const form = useLiveForm(createPostInput, empty);
  const create = useMutation(
    trpc.posts.create.mutationOptions({
      onSuccess: (post) => {
        cache.addPosts([post]);
        form.reset();
      },
      // What was typed stays; the server's reasons show by the fields.
      onError: (failure) => form.setServerErrors(serverFieldErrors(failure)),
    }),
  );

  return (
    <form
      className="form new-post-form"
      aria-label="New post"
      onSubmit={form.handleSubmit((input) => create.mutate(input))}
      noValidate
    >
      <h2>New post</h2>
      <TextField label="Title" required {...form.field("title")} />
      <TextField label="Body (optional)" multiline {...form.field("body")} />
      {create.isError && <FormAlert tone="error">{errorMessage(create.error)}</FormAlert>}
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        {create.isPending ? "Posting…" : "Post"}
      </button>
    </form>
  );
}
