// Following a post: its followers hear of new comments. The author
// follows their own post without a row; commenting follows a post (a row with
// following = true, made only if the person has none, so an explicit
// Unfollow is not undone by the next comment); the post page's
// Follow/Unfollow button sets the row either way.
//
// The fan-out runs in the comment's transaction, one notifyInTransaction per
// follower (as the author's comment notification always did) through
// notifyEach (id order, one per person), at most MAX_FOLLOWERS_NOTIFIED
// people: beyond that a post is an announcement, and would want the job
// queue the announcements' pushes use.
import "server-only";
import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { peopleSummary } from "../notifications/grouping";
import type { NotifyInput } from "../notifications/notify";
import { excerptOf } from "../mentions/notify-mentions";

const MAX_FOLLOWERS_NOTIFIED = 200;

const POST_NOT_FOUND = "That post does not exist (it may have been deleted).";

async function postAuthor(postId: string): Promise<string> {
  const post = await db.post.findUnique({ where: { id: postId }, select: { authorId: true } });
  if (!post) throw new AppError("NOT_FOUND", POST_NOT_FOUND);
  return post.authorId;
}

export async function followState(options: { actor: Actor; postId: string }) {
  const [authorId, row] = await Promise.all([
    postAuthor(options.postId),
    db.postFollow.findUnique({ where: { postId_userId: { postId: options.postId, userId: options.actor.id } }, select: { following: true } }),
  ]);
  return { postId: options.postId, following: row ? row.following : authorId === options.actor.id };
}

export async function setFollow(options: { actor: Actor; postId: string; following: boolean }) {
  await postAuthor(options.postId);
  await db.postFollow.upsert({
    where: { postId_userId: { postId: options.postId, userId: options.actor.id } },
    create: { postId: options.postId, userId: options.actor.id, following: options.following },
    update: { following: options.following },
  });
  return { postId: options.postId, following: options.following };
}

/** Commenting follows the post, unless the person chose before (one statement). */
export async function followOnComment(tx: Tx, options: { userId: string; postId: string }) {
  await tx.postFollow.createMany({ data: [{ ...options, following: true }], skipDuplicates: true });
}

/**
 * The notifications of a new comment for the post's followers (but the
 * commenter), for notifyEach. The author's keeps its type and key
 * ("post.commented": "Comments on your posts"); other followers' is
 * "post.reply", grouped per post the same way.
 */
export async function followerNotifications(
  tx: Tx,
  options: {
    post: { id: string; title: string; authorId: string };
    comment: { id: string; body: string; author: { id: string; name: string } };
  },
): Promise<NotifyInput[]> {
  const { post, comment } = options;
  const rows = await tx.postFollow.findMany({
    where: { postId: post.id, OR: [{ following: true }, { userId: post.authorId }] },
    select: { userId: true, following: true },
    orderBy: { userId: "asc" },
    take: MAX_FOLLOWERS_NOTIFIED + 1,
  });
  const followers = rows.filter((r) => r.following).map((r) => r.userId);
  // No row: the author follows their own post.
  if (!rows.some((r) => r.userId === post.authorId)) followers.push(post.authorId);
  const body = excerptOf(comment.body);
  return followers
    .filter((id) => id !== comment.author.id)
    .slice(0, MAX_FOLLOWERS_NOTIFIED)
    .map((recipientId) => {
      const own = recipientId === post.authorId;
      const type = own ? "post.commented" : "post.reply";
      return {
        recipientId,
        type,
        title: `${comment.author.name} commented on “${post.title}”`,
        body,
        // The author's entry opens the post, as it always did; a follower's the comment itself.
        link: own ? `/posts/${post.id}` : `/posts/${post.id}#comment-${comment.id}`,
        senderId: comment.author.id,
        subject: { kind: "post" as const, id: post.id },
        // Comments on one post collect under one entry while it is unread.
        group: {
          key: `${type}:${post.id}`,
          actor: comment.author.name,
          summary: (actors: string[]) => `${peopleSummary(actors)} commented on “${post.title}”`,
        },
      };
    });
}
