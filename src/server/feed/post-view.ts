// The fields of posts and comments that leave the server, selected once.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { EVENT_BODY_CHARS, type AttachmentView, type CommentView, type PostView } from "@/lib/events";
import { imageUrl, thumbnailUrl } from "@/lib/uploads";

export const postSelect = {
  id: true,
  title: true,
  body: true,
  createdAt: true,
  editedAt: true,
  author: { select: { id: true, name: true } },
  _count: { select: { comments: true } },
  attachments: {
    orderBy: { position: "asc" },
    select: { upload: { select: { id: true, fileName: true } } },
  },
} satisfies Prisma.PostSelect;

export const commentSelect = {
  id: true,
  postId: true,
  body: true,
  createdAt: true,
  author: { select: { id: true, name: true } },
} satisfies Prisma.CommentSelect;

type PostRow = Prisma.PostGetPayload<{ select: typeof postSelect }>;
type CommentRow = Prisma.CommentGetPayload<{ select: typeof commentSelect }>;

export function toPostView(row: PostRow): PostView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    bodyTruncated: false,
    author: row.author,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    commentCount: row._count.comments,
    attachments: row.attachments.map((a) => attachmentView(a.upload)),
  };
}

/**
 * File names are cut (by code point) so that a post's event stays under the
 * limit whatever was uploaded: 10 images with 40 four-byte characters each,
 * beside a cut body of 1,000 such characters, still fit.
 */
const ATTACHMENT_NAME_CHARS = 40;

export function attachmentView(upload: { id: string; fileName: string }): AttachmentView {
  return {
    id: upload.id,
    fileName: Array.from(upload.fileName).slice(0, ATTACHMENT_NAME_CHARS).join(""),
    thumbnailUrl: thumbnailUrl(upload.id),
    url: imageUrl(upload.id),
  };
}

/** A post as events carry it: a long body is cut (events stay under 10 KB); readers load the rest by id. */
export function forEvent(post: PostView): PostView {
  const chars = Array.from(post.body); // by code point, so an emoji is never split
  if (chars.length <= EVENT_BODY_CHARS) return post;
  return { ...post, body: chars.slice(0, EVENT_BODY_CHARS).join(""), bodyTruncated: true };
}

export function toCommentView(row: CommentRow): CommentView {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
