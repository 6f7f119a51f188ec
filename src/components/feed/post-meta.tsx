import { RelativeTime } from "@/components/ui/relative-time";
import type { PostView } from "@/lib/events";

/** "Alice · 5 minutes ago · edited" */
export function PostMeta({ post }: { post: PostView }) {
  return (
    <p className="post-meta muted">
      {post.author.name} · <RelativeTime iso={post.createdAt} />
      {post.editedAt && (
        <>
          {" · "}
          <span title={`Edited ${post.editedAt}`}>edited</span>
        </>
      )}
    </p>
  );
}
