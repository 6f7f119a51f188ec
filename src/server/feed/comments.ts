// Comments on a post: live on the post's channel, and a notification to the
// post's author (through the core's one notification function). Channel
// order: post → activity → the author's user channel.
import { recordAudit } from "../admin/audit";
import type { Role } from "@/generated/prisma/enums";
import { db } from "../db";
import { AppError } from "../errors";
import { peopleSummary } from "../notifications/grouping";
import { notifyInTransaction } from "../notifications/notify";
import { channels } from "../realtime/channels";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";
import { recordActivity } from "./activity";
import { earlierCreate } from "./chosen-id";
import { commentSelect, toCommentView } from "./post-view";

const NOTIFICATION_EXCERPT_CHARS = 200;

export function addComment(options: { userId: string; id?: string; postId: string; body: string }) {
  return transactionWithEvents(db, async (tx) => {
    if (options.id) {
      const earlier = earlierCreate(
        await tx.comment.findUnique({ where: { id: options.id }, select: commentSelect }),
        options.userId,
      );
      if (earlier) return toCommentView(earlier);
    }
    const post = await tx.post.findUnique({
      where: { id: options.postId },
      select: { id: true, title: true, authorId: true },
    });
    if (!post) throw new AppError("NOT_FOUND", "That post does not exist (it may have been deleted).");
    const row = await tx.comment.create({
      data: { id: options.id, postId: post.id, authorId: options.userId, body: options.body },
      select: commentSelect,
    });
    const comment = toCommentView(row);
    await appendEvent(tx, channels.post(post.id), "comment.created", async () => ({
      comment,
      commentCount: await tx.comment.count({ where: { postId: post.id } }),
    }));
    await recordActivity(tx, options.userId, "comment.created", post);
    if (post.authorId !== options.userId) {
      const excerpt = Array.from(comment.body);
      await notifyInTransaction(tx, {
        recipientId: post.authorId,
        type: "post.commented",
        title: `${comment.author.name} commented on “${post.title}”`,
        body:
          excerpt.length > NOTIFICATION_EXCERPT_CHARS
            ? `${excerpt.slice(0, NOTIFICATION_EXCERPT_CHARS).join("")}…`
            : comment.body,
        link: `/posts/${post.id}`,
        senderId: options.userId,
        subject: { kind: "post", id: post.id },
        // Comments on one post collect under one entry while it is unread.
        group: {
          key: `post.commented:${post.id}`,
          actor: comment.author.name,
          summary: (actors) => `${peopleSummary(actors)} commented on “${post.title}”`,
        },
      });
    }
    return comment;
  });
}

/** Authors delete their own comments; admins may delete any. */
export function deleteComment(options: { userId: string; role: Role; id: string }) {
  return transactionWithEvents(db, async (tx) => {
    const found = await tx.comment.findUnique({ where: { id: options.id }, select: { authorId: true, postId: true } });
    if (!found) throw new AppError("NOT_FOUND", "That comment does not exist (it may have been deleted).");
    if (found.authorId !== options.userId && options.role !== "ADMIN") {
      throw new AppError("FORBIDDEN", "You can delete only your own comments.");
    }
    await tx.comment.delete({ where: { id: options.id } });
    if (found.authorId !== options.userId) {
      await recordAudit(tx, {
        actorId: options.userId,
        action: "comment.deleted",
        target: `a comment on post ${found.postId}`,
        details: { commentId: options.id, postId: found.postId, authorId: found.authorId },
      });
    }
    await appendEvent(tx, channels.post(found.postId), "comment.deleted", async () => ({
      id: options.id,
      postId: found.postId,
      commentCount: await tx.comment.count({ where: { postId: found.postId } }),
    }));
    return { id: options.id };
  });
}
