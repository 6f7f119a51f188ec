"use client";
// The profile's avatar: upload an image (resumable, like every upload); the
// server checks it is one and makes the thumbnail shown here.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import "@/components/imports/imports.css";
import { UploadPicker } from "./upload-picker";

export function AvatarUpload() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const avatar = useQuery(trpc.uploads.avatar.queryOptions());
  const set = useMutation(
    trpc.uploads.setAvatar.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.uploads.avatar.queryKey(), data),
    }),
  );
  return (
    <div className="avatar-upload">
      {avatar.data?.avatarUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- a private, already-sized thumbnail
        <img src={avatar.data.avatarUrl} alt="Your avatar" width={96} height={96} className="avatar" data-testid="avatar" />
      ) : (
        <p className="muted">No avatar yet.</p>
      )}
      <UploadPicker kind="image" maxFiles={1} onUploaded={(item) => item.uploadId && set.mutate({ uploadId: item.uploadId })} />
      {set.error ? (
        <p className="upload-error" role="alert">
          {errorMessage(set.error)}
        </p>
      ) : null}
    </div>
  );
}
