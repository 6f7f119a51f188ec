// Post and comment forms' rules: the browser validates with these on every
// change, the server again on submit.
import { z } from "zod";

export const POST_TITLE_MAX = 120;
const POST_BODY_MAX = 10_000;
export const COMMENT_BODY_MAX = 2_000;

const id = z.string().min(1).max(64);

const postFields = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Give your post a title")
    .max(POST_TITLE_MAX, `Keep the title under ${POST_TITLE_MAX} characters`),
  body: z
    .string()
    .trim()
    .max(POST_BODY_MAX, `Keep the post under ${POST_BODY_MAX.toLocaleString("en")} characters`)
    .default(""),
});

export const createPostInput = postFields;
/**
 * What the server takes: the form's fields plus, optionally, the id the
 * browser chose for the new post or comment, so that its optimistic copy and
 * the event that follows are one item (and a retried request creates nothing twice).
 */
const chosenId = z.uuid("Not a valid id").optional();
/** The server's own limit (UPLOAD_MAX_FILES, at most 10) is checked when posting. */
const ATTACHMENTS_HARD_MAX = 10;
export const createPostRequest = createPostInput.extend({
  id: chosenId,
  /** Finished image uploads of the author, in the order to show them. */
  attachmentIds: z.array(id).max(ATTACHMENTS_HARD_MAX, `At most ${ATTACHMENTS_HARD_MAX} images`).default([]),
});
/** The edit form's own fields (its images are not typed text). */
export const updatePostFields = postFields.extend({ id });
export const updatePostInput = updatePostFields.extend({
  /** The post's whole new list of images, in order; absent leaves them as they are. */
  attachmentIds: z.array(id).max(ATTACHMENTS_HARD_MAX, `At most ${ATTACHMENTS_HARD_MAX} images`).optional(),
});
export const postIdInput = z.object({ id });

export const listPostsInput = z.object({
  cursor: id.nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});

export const createCommentInput = z.object({
  postId: id,
  body: z
    .string()
    .trim()
    .min(1, "Write something first")
    .max(COMMENT_BODY_MAX, `Keep comments under ${COMMENT_BODY_MAX.toLocaleString("en")} characters`),
});
export const createCommentRequest = createCommentInput.extend({ id: chosenId });
export const commentIdInput = z.object({ id });

/** Following a post's comments. */
export const setFollowInput = z.object({ postId: z.string().min(1).max(64), following: z.boolean() });
export const followStateInput = z.object({ postId: z.string().min(1).max(64) });
