// Comments on a post: live on the post's channel, and notifications to the
// people it mentions and the post's followers (the author among them, through
// the core's one notification function). Channel order: post → activity →
// people's user channels in id order.
import "server-only";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { db } from "../db";
import { AppError } from "../errors";
import { mentionNotifications, newMentions } from "../mentions/notify-mentions";
import { notifyEach } from "../notifications/fan-out";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, transactionWithEvents } from "../realtime/outbox";
import { recordActivity } from "./activity";
import { earlierCreate } from "./chosen-id";
import { followerNotifications, followOnComment } from "./follows";
import { commentSelect, toCommentView } from "./post-view";

export function addComment(options: { actor: Actor; id?: string; postId: string; body: string }) {
  const { actor } = options;
  return transactionWithEvents(db, async (tx) => {
    if (options.id) {
      const earlier = earlierCreate(
        await tx.comment.findUnique({ where: { id: options.id }, select: commentSelect }),
        actor.id,
      );
      if (earlier) return toCommentView(earlier);
    }
    const post = await tx.post.findUnique({
      where: { id: options.postId },
      select: { id: true, title: true, authorId: true },
    });
    if (!post) throw new AppError("NOT_FOUND", "That post does not exist (it may have been deleted).");
    const row = await tx.comment.create({
      data: { id: options.id, postId: post.id, authorId: actor.id, body: options.body },
      select: commentSelect,
    });
    const comment = toCommentView(row);
    await appendEvent(tx, channels.post(post.id), "comment.created", async () => ({
      comment,
      commentCount: await tx.comment.count({ where: { postId: post.id } }),
    }));
    await recordActivity(tx, actor.id, "comment.created", post);
    // Mentioned people hear of it as a mention (and only that); the post's
    // followers, the author first among them, of a new comment. Commenting
    // follows the post.
    const writer = { id: actor.id, name: comment.author.name };
    const mentions = await mentionNotifications(tx, {
      ids: newMentions(comment.body, actor.id),
      writer,
      place: { kind: "post", postId: post.id, title: post.title, commentId: comment.id },
      text: comment.body,
    });
    // Mentions last: for someone both mentioned and following, the mention wins.
    await notifyEach(tx, [...(await followerNotifications(tx, { post, comment })), ...mentions]);
    await followOnComment(tx, { userId: actor.id, postId: post.id });
    return comment;
  });
}

/** Authors delete their own comments; admins may delete any. */
export function deleteComment(options: { actor: Actor; id: string }) {
  const { actor } = options;
  return transactionWithEvents(db, async (tx) => {
    const found = await tx.comment.findUnique({ where: { id: options.id }, select: { authorId: true, postId: true } });
    if (!found) throw new AppError("NOT_FOUND", "That comment does not exist (it may have been deleted).");
    if (found.authorId !== actor.id && actor.role !== "ADMIN") {
      throw new AppError("FORBIDDEN", "You can delete only your own comments.");
    }
    await tx.comment.delete({ where: { id: options.id } });
    if (found.authorId !== actor.id) {
      await recordAudit(tx, {
        actorId: actor.id,
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
