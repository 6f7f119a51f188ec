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
import "@/app/imports/imports.css";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { useLiveForm } from "@/components/forms/use-live-form";
import { UploadPicker, useUploadLimits } from "@/components/imports/upload-picker";
import { optimisticPost } from "@/lib/feed/feed-cache";
import { newId } from "@/lib/new-id";
import { thumbnailUrl } from "@/lib/uploads";
import { createPostInput } from "@/lib/validation/posts";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { useFeedCache } from "./use-feed-cache";
import type { Viewer } from "./viewer";

const empty = { title: "", body: "" };

type Attached = { uploadId: string; name: string };

export function NewPostForm({ viewer }: { viewer: Viewer }) {
  const trpc = useTRPC();
  const cache = useFeedCache();
  const form = useLiveForm(createPostInput, empty);
  const limits = useUploadLimits();
  const maxImages = limits.data?.maxFiles;
  const [attached, setAttached] = useState<readonly Attached[]>([]);
  const [attachNotice, setAttachNotice] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  // A new picker (empty list) for each post.
  const [pickerKey, setPickerKey] = useState(0);

  const create = useMutation(
    trpc.posts.create.mutationOptions({
      onMutate: (input) => {
        const images = attached;
        cache.addPosts([
          optimisticPost({ id: input.id!, title: input.title, body: input.body ?? "", attachments: images }, viewer),
        ]);
        form.reset();
        setAttached([]);
        setAttachNotice(null);
        setPickerKey((k) => k + 1);
        return { images };
      },
      onSuccess: (post) => cache.updatePost(post),
      onError: (failure, input, context) => {
        cache.removePost(input.id!);
        form.reset({ title: input.title, body: input.body ?? "" });
        form.setServerErrors(serverFieldErrors(failure));
        if (context) setAttached(context.images);
      },
    }),
  );

  const onUploaded = (uploadId: string | null, name: string) => {
    if (!uploadId) return;
    const full = (list: readonly Attached[]) => maxImages !== undefined && list.length >= maxImages;
    if (full(attached)) setAttachNotice(`A post can carry at most ${maxImages} images: ${name} was not attached.`);
    setAttached((list) => (full(list) || list.some((a) => a.uploadId === uploadId) ? list : [...list, { uploadId, name }]));
  };

  return (
    <form
      className="form new-post-form"
      aria-label="New post"
      onSubmit={form.handleSubmit((fields) =>
        create.mutate({ ...fields, id: newId(), attachmentIds: attached.map((a) => a.uploadId) }),
      )}
      noValidate
    >
      <h2>New post</h2>
      <TextField label="Title" required {...form.field("title")} />
      <TextField label="Body (optional)" multiline {...form.field("body")} />
      <fieldset className="post-images">
        <legend>Images (optional)</legend>
        <UploadPicker
          key={pickerKey}
          kind="image"
          onUploaded={(item) => onUploaded(item.uploadId, item.name)}
          onBusyChange={setUploading}
        />
        {attached.length > 0 ? (
          <ul className="attached-images" aria-label="Attached images" data-testid="attached-images">
            {attached.map((a) => (
              <li key={a.uploadId} data-testid="attached-image">
                {/* eslint-disable-next-line @next/next/no-img-element -- a private, already-sized thumbnail */}
                <img src={thumbnailUrl(a.uploadId)} alt={a.name} width={128} height={128} />
                <button
                  type="button"
                  className="button button-quiet button-small"
                  aria-label={`Remove image ${a.name}`}
                  onClick={() => setAttached((list) => list.filter((x) => x.uploadId !== a.uploadId))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {attachNotice && <FormAlert tone="error">{attachNotice}</FormAlert>}
      </fieldset>
      {create.isError && <FormAlert tone="error">{errorMessage(create.error)}</FormAlert>}
      <button type="submit" className="button button-primary" disabled={uploading} aria-describedby={uploading ? "post-waiting" : undefined}>
        Post
      </button>
      {uploading && (
        <p id="post-waiting" className="muted" role="status">
          Waiting for the images to finish uploading…
        </p>
      )}
    </form>
  );
}
