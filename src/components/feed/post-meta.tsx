import { PersonName } from "@/components/ui/person-name";
import { RelativeTime } from "@/components/ui/relative-time";
import type { PostView } from "@/lib/events";
import "./feed.css";

/** "Alice · 5 minutes ago · edited" */
export function PostMeta({ post, meId }: { post: PostView; meId?: string }) {
  return (
    <p className="post-meta muted">
      <PersonName person={post.author} meId={meId} /> · <RelativeTime iso={post.createdAt} />
      {post.editedAt && (
        <>
          {" · "}
          <span title={`Edited ${post.editedAt}`}>edited</span>
        </>
      )}
    </p>
  );
}
