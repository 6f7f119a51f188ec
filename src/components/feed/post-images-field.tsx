"use client";
// A post's images while it is written or edited: the thumbnails already
// attached, each with a Remove button, and the uploader to add more (sent as
// soon as picked, resumable, with progress and cancel). Shared by "New post"
// and the inline edit; the server checks the list again (own images, limit).
import "@/components/imports/imports.css";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { UploadPicker, useUploadLimits } from "@/components/imports/upload-picker";
import type { AttachedImage } from "@/lib/feed/feed-cache";
import { thumbnailUrl } from "@/lib/uploads";
import "./feed.css";

export type { AttachedImage };

/** The images a form holds; `initial` is read once (a form that opens again starts over). */
export function usePostImages(initial: readonly AttachedImage[] = []) {
  const limits = useUploadLimits();
  const maxImages = limits.data?.maxFiles;
  const [attached, setAttached] = useState<readonly AttachedImage[]>(initial);
  const [notice, setNotice] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  // A new picker (empty list) whenever the form starts over.
  const [pickerKey, setPickerKey] = useState(0);

  const onUploaded = (uploadId: string | null, name: string) => {
    if (!uploadId) return;
    // Images already attached count: the limit is per post, not per batch.
    const full = (list: readonly AttachedImage[]) => maxImages !== undefined && list.length >= maxImages;
    if (full(attached)) setNotice(`A post can carry at most ${maxImages} images: ${name} was not attached.`);
    setAttached((list) => (full(list) || list.some((a) => a.uploadId === uploadId) ? list : [...list, { uploadId, name }]));
  };

  return {
    attached,
    uploading,
    /** Ids in the order shown: what the server is sent. */
    ids: () => attached.map((a) => a.uploadId),
    /** Starts over with `images` (none after posting; the refused ones back). */
    reset(images: readonly AttachedImage[] = []) {
      setAttached(images);
      setNotice(null);
      setPickerKey((k) => k + 1);
    },
    remove(uploadId: string) {
      setAttached((list) => list.filter((x) => x.uploadId !== uploadId));
      setNotice(null);
    },
    notice,
    pickerKey,
    onUploaded,
    setUploading,
  };
}

export type PostImages = ReturnType<typeof usePostImages>;

export function PostImagesField({ images, legend = "Images (optional)" }: { images: PostImages; legend?: string }) {
  return (
    <fieldset className="post-images">
      <legend>{legend}</legend>
      <UploadPicker
        key={images.pickerKey}
        kind="image"
        onUploaded={(item) => images.onUploaded(item.uploadId, item.name)}
        onBusyChange={images.setUploading}
      />
      {images.attached.length > 0 ? (
        <ul className="attached-images" aria-label="Attached images" data-testid="attached-images">
          {images.attached.map((a) => (
            <li key={a.uploadId} data-testid="attached-image">
              {/* eslint-disable-next-line @next/next/no-img-element -- a private, already-sized thumbnail */}
              <img src={thumbnailUrl(a.uploadId)} alt={a.name} width={128} height={128} />
              <button
                type="button"
                className="button button-quiet button-small"
                aria-label={`Remove image ${a.name}`}
                onClick={() => images.remove(a.uploadId)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {images.notice && <FormAlert tone="error">{images.notice}</FormAlert>}
    </fieldset>
  );
}

/** Shown beside a form's submit button while an image is still being sent. */
export function WaitingForImages({ id }: { id: string }) {
  return (
    <p id={id} className="muted" role="status">
      Waiting for the images to finish uploading…
    </p>
  );
}
