// How feed and post-page events change the data the browser holds, as pure
// functions over the shapes of `posts.list` pages and `posts.get`. Every
// function is idempotent (by id): the realtime client may apply an event
// again after a reconnect, and the author's own change is written first by
// its mutation, then arrives again as an event.
import type { AttachmentView, CommentView, EventEnvelope, PostView } from "@/lib/events";
import { imageUrl, thumbnailUrl } from "@/lib/uploads";

type FeedPage = { items: PostView[]; nextCursor: string | null; head: number };
export type FeedPages<P = unknown> = { pages: FeedPage[]; pageParams: P[] };
export type PostPage = { post: PostView; comments: CommentView[]; head: number };

export function hasPost<P>(data: FeedPages<P>, id: string): boolean {
  return data.pages.some((page) => page.items.some((p) => p.id === id));
}

/** A new post on top of the first page, once. */
function pagesWithNewPost<P>(data: FeedPages<P>, post: PostView): FeedPages<P> {
  if (hasPost(data, post.id)) return data;
  const [first, ...rest] = data.pages;
  if (!first) return data; // nothing loaded: the first fetch will include it
  return { ...data, pages: [{ ...first, items: [post, ...first.items] }, ...rest] };
}

/** Several new posts (oldest first, as they arrived) on top, each once. */
export function pagesWithNewPosts<P>(data: FeedPages<P>, posts: readonly PostView[]): FeedPages<P> {
  return posts.reduce((acc, post) => pagesWithNewPost(acc, post), data);
}

/** An edited post where it already is; a post not loaded stays out. */
export function pagesWithUpdatedPost<P>(data: FeedPages<P>, post: PostView): FeedPages<P> {
  if (!hasPost(data, post.id)) return data;
  return {
    ...data,
    pages: data.pages.map((page) =>
      page.items.some((p) => p.id === post.id)
        ? { ...page, items: page.items.map((p) => (p.id === post.id ? post : p)) }
        : page,
    ),
  };
}

export function pagesWithoutPost<P>(data: FeedPages<P>, id: string): FeedPages<P> {
  if (!hasPost(data, id)) return data;
  return {
    ...data,
    pages: data.pages.map((page) =>
      page.items.some((p) => p.id === id) ? { ...page, items: page.items.filter((p) => p.id !== id) } : page,
    ),
  };
}

/** Applies a `private-feed` event to the loaded pages. */
export function feedPagesWithEvent<P>(data: FeedPages<P>, event: EventEnvelope): FeedPages<P> {
  switch (event.type) {
    case "post.created":
      return pagesWithNewPost(data, event.data.post);
    case "post.updated":
      return pagesWithUpdatedPost(data, event.data.post);
    case "post.deleted":
      return pagesWithoutPost(data, event.data.id);
    default:
      return data;
  }
}

/**
 * Applies a `private-post.<id>` event to a post page. `post.deleted` is not
 * handled here: the page keeps what it showed and says it was deleted.
 */
export function postPageWithEvent(data: PostPage, event: EventEnvelope): PostPage {
  if (event.id <= data.head) return data;
  switch (event.type) {
    case "post.updated":
      if (event.data.post.id !== data.post.id) return data;
      return { ...data, post: event.data.post, head: event.id };
    case "comment.created": {
      const { comment, commentCount } = event.data;
      if (comment.postId !== data.post.id) return data;
      const comments = data.comments.some((c) => c.id === comment.id) ? data.comments : [...data.comments, comment];
      return { ...data, comments, post: { ...data.post, commentCount }, head: event.id };
    }
    case "comment.deleted": {
      if (event.data.postId !== data.post.id) return data;
      const comments = data.comments.filter((c) => c.id !== event.data.id);
      return { ...data, comments, post: { ...data.post, commentCount: event.data.commentCount }, head: event.id };
    }
    default:
      return data;
  }
}

type Person = { id: string; name: string };

/** An image a form holds: a finished upload (it already has its server-made thumbnail) and the name it was picked under. */
export type AttachedImage = { uploadId: string; name: string };

function attachmentViews(images: readonly AttachedImage[]): AttachmentView[] {
  return images.map((a) => ({ id: a.uploadId, fileName: a.name, thumbnailUrl: thumbnailUrl(a.uploadId), url: imageUrl(a.uploadId) }));
}

/** The author's new post as it will look, shown before the server answers (same id as the real one). */
export function optimisticPost(
  input: { id: string; title: string; body: string; attachments?: readonly AttachedImage[] },
  author: Person,
): PostView {
  return {
    id: input.id,
    title: input.title,
    body: input.body,
    attachments: attachmentViews(input.attachments ?? []),
    bodyTruncated: false,
    author: { id: author.id, name: author.name },
    createdAt: new Date().toISOString(),
    editedAt: null,
    commentCount: 0,
  };
}

/** An edit as it will look, shown before the server answers; without `attachments` the images stay. */
export function optimisticEdit(post: PostView, input: { title: string; body: string; attachments?: readonly AttachedImage[] }): PostView {
  return {
    ...post,
    title: input.title,
    body: input.body,
    bodyTruncated: false,
    editedAt: new Date().toISOString(),
    attachments: input.attachments ? attachmentViews(input.attachments) : post.attachments,
  };
}

export function optimisticComment(input: { id: string; postId: string; body: string }, author: Person): CommentView {
  return { ...input, author: { id: author.id, name: author.name }, createdAt: new Date().toISOString() };
}

/**
 * The author's own new comment, before its event arrives; once the server
 * answered, its copy replaces the optimistic one.
 */
export function postPageWithComment(data: PostPage, comment: CommentView): PostPage {
  if (data.comments.some((c) => c.id === comment.id)) {
    return { ...data, comments: data.comments.map((c) => (c.id === comment.id ? comment : c)) };
  }
  return {
    ...data,
    comments: [...data.comments, comment],
    post: { ...data.post, commentCount: data.post.commentCount + 1 },
  };
}

export function postPageWithoutComment(data: PostPage, id: string): PostPage {
  if (!data.comments.some((c) => c.id === id)) return data;
  return {
    ...data,
    comments: data.comments.filter((c) => c.id !== id),
    post: { ...data.post, commentCount: Math.max(0, data.post.commentCount - 1) },
  };
}
