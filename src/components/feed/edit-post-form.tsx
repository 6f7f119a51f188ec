"use client";
// Editing a post in place, with the same live validation as "New post", and
// its images: the current ones with Remove buttons, the uploader to add more
// (the same piece "New post" uses). The save itself (optimistic, with the way
// back) is the PostEditor's.
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { TextField } from "@/components/forms/text-field";
import { MentionTextarea } from "@/components/mentions/mention-textarea";
import { useLiveForm } from "@/components/forms/use-live-form";
import { LoadError } from "@/components/ui/load-error";
import type { PostView } from "@/lib/events";
import { updatePostFields } from "@/lib/validation/posts";
import { errorMessage, serverFieldErrors } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { PostImagesField, usePostImages, WaitingForImages } from "./post-images-field";
import type { PostEditor } from "./use-post-editor";

type Props = { post: PostView; editor: PostEditor };

/** A post that came by event may carry a cut body: the whole one is loaded first, never saved back cut. */
export function EditPostForm({ post, editor }: Props) {
  const trpc = useTRPC();
  const whole = useQuery({ ...trpc.posts.get.queryOptions({ id: post.id }), enabled: post.bodyTruncated });
  if (!post.bodyTruncated) return <PostFields post={post} editor={editor} />;
  if (whole.data) return <PostFields post={whole.data.post} editor={editor} />;
  if (whole.isError) {
    return <LoadError what="The post" error={whole.error} onRetry={() => void whole.refetch()} />;
  }
  return (
    <p className="muted" role="status">
      Loading the whole post…
    </p>
  );
}

function PostFields({ post, editor }: Props) {
  const { refusedDraft, failure } = editor;
  const start = refusedDraft ?? post;
  const form = useLiveForm(updatePostFields, { id: post.id, title: start.title, body: start.body ?? "" });
  const images = usePostImages(refusedDraft?.images ?? post.attachments.map((a) => ({ uploadId: a.id, name: a.fileName })));
  const waitingId = `edit-waiting-${post.id}`;
  const { setServerErrors } = form;
  useEffect(() => {
    if (failure) setServerErrors(serverFieldErrors(failure));
  }, [failure, setServerErrors]);

  return (
    <form
      method="post"
      className="form edit-post-form"
      aria-label={`Edit “${post.title}”`}
      onSubmit={form.handleSubmit((input) => editor.save({ ...input, images: images.attached }))}
      noValidate
    >
      <TextField label="Title" required {...form.field("title")} />
      <MentionTextarea label="Body (optional)" {...form.field("body")} />
      <PostImagesField images={images} />
      {failure && <FormAlert tone="error">{errorMessage(failure)}</FormAlert>}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={images.uploading}
          aria-describedby={images.uploading ? waitingId : undefined}
        >
          Save
        </button>
        <button type="button" className="button button-quiet" onClick={editor.close}>
          Cancel
        </button>
      </div>
      {images.uploading && <WaitingForImages id={waitingId} />}
    </form>
  );
}
