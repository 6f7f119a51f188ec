// A post's images: server-made thumbnails, each a link to the full image.
// Sized in the markup, so a row of the windowed feed does not change height
// when they load.
import type { AttachmentView } from "@/lib/events";
import "./feed.css";

export function PostAttachments({ attachments }: { attachments: readonly AttachmentView[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="post-attachments" aria-label="Images" data-testid="post-attachments">
      {attachments.map((a) => (
        <li key={a.id}>
          <a href={a.url} target="_blank" rel="noopener" data-testid="post-attachment">
            {/* eslint-disable-next-line @next/next/no-img-element -- a private, already-sized thumbnail */}
            <img src={a.thumbnailUrl} alt={`${a.fileName} (opens the full image)`} width={128} height={128} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}
