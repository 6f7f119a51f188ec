"use client";
// "New post": validated as the person types with the server's schema. The
// post shows on top of the feed at once, under the id the browser chose, so
// the server's answer and the event that follows update that same item. If
// the server refuses, the post goes away and the form gets back what was typed
// (and the images that were attached).
//
// Images are uploaded as soon as they are picked (resumable, with progress
// and cancel, like every upload); the post names the finished uploads, and
// the server checks they are the author's own images.
import { useMutation } from "@tanstack/react-query";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { MentionTextarea } from "@/components/mentions/mention-textarea";
import { useLiveForm } from "@/components/forms/use-live-form";
import { optimisticPost } from "@/lib/feed/feed-cache";
import { newId } from "@/lib/new-id";
import { createPostInput } from "@/lib/validation/posts";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { PostImagesField, usePostImages, WaitingForImages } from "./post-images-field";
import { useFeedCache } from "./use-feed-cache";
import type { Viewer } from "./viewer";
import "./feed.css";

const empty = { title: "", body: "" };

export function NewPostForm({ viewer }: { viewer: Viewer }) {
  const trpc = useTRPC();
  const cache = useFeedCache();
  const form = useLiveForm(createPostInput, empty);
  const images = usePostImages();

  const create = useMutation(
    trpc.posts.create.mutationOptions({
      onMutate: (input) => {
        const attached = images.attached;
        cache.addPosts([
          optimisticPost({ id: input.id!, title: input.title, body: input.body ?? "", attachments: attached }, viewer),
        ]);
        form.reset();
        images.reset();
        return { attached };
      },
      onSuccess: (post) => cache.updatePost(post),
      onError: (failure, input, context) => {
        cache.removePost(input.id!);
        form.reset({ title: input.title, body: input.body ?? "" });
        form.setServerErrors(serverFieldErrors(failure));
        if (context) images.reset(context.attached);
      },
    }),
  );

  return (
    <form
      method="post"
      className="form new-post-form"
      aria-label="New post"
      onSubmit={form.handleSubmit((fields) => create.mutate({ ...fields, id: newId(), attachmentIds: images.ids() }))}
      noValidate
    >
      <h2>New post</h2>
      <TextField label="Title" required {...form.field("title")} />
      <MentionTextarea label="Body (optional)" {...form.field("body")} />
      <PostImagesField images={images} />
      {create.isError && <FormAlert tone="error">{errorMessage(create.error)}</FormAlert>}
      <button
        type="submit"
        className="button button-primary"
        disabled={images.uploading}
        aria-describedby={images.uploading ? "post-waiting" : undefined}
      >
        Post
      </button>
      {images.uploading && <WaitingForImages id="post-waiting" />}
    </form>
  );
}
