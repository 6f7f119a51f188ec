// What may be uploaded, shared by the browser (early, friendly
// refusals) and the server (the refusals that count: from the content).
export const uploadKinds = {
  csv: {
    label: "CSV file",
    plural: "CSV files",
    maxBytes: 50 * 1024 * 1024,
    accept: ".csv,text/csv",
    extensions: [".csv"],
  },
  image: {
    label: "image (JPEG, PNG or WebP)",
    plural: "images (JPEG, PNG or WebP)",
    maxBytes: 10 * 1024 * 1024,
    accept: "image/jpeg,image/png,image/webp",
    extensions: [".jpg", ".jpeg", ".png", ".webp"],
  },
} as const;

export type UploadKindName = keyof typeof uploadKinds;

/** "a CSV file", "an image (JPEG, PNG or WebP)": for messages. */
export function aKind(kind: UploadKindName): string {
  const label = uploadKinds[kind].label;
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}

export function isUploadKind(value: unknown): value is UploadKindName {
  return value === "csv" || value === "image";
}

export const UPLOAD_ENDPOINT = "/api/uploads";

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An image upload's server-made thumbnail (avatars, attachments). */
export function thumbnailUrl(uploadId: string): string {
  return `/api/files/${uploadId}/thumbnail`;
}

/** An image upload as it was sent (after its content was checked). */
export function imageUrl(uploadId: string): string {
  return `/api/files/${uploadId}`;
}

/** Tus ids are server-made; the last segment of an upload's URL. */
export function uploadIdFromUrl(url: string): string {
  return url.split("/").filter(Boolean).at(-1) ?? "";
}
