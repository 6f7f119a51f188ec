// Reading the feed and a post page. Each answer carries the channel's newest
// event id from the same snapshot: the client applies exactly the events
// after it on top of this state.
import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { channels } from "@/lib/realtime/channel-names";
import { channelHead } from "../realtime/outbox";
import { commentSelect, postSelect, toCommentView, toPostView } from "./post-view";

const COMMENTS_PER_PAGE_MAX = 500;

export function listPosts(options: { cursor?: string | null; limit: number }) {
  return db.$transaction(
    async (tx) => {
      const head = await channelHead(tx, channels.feed());
      // Keyset pagination from the cursor's (createdAt, id): a cursor post
      // deleted meanwhile is "gone", not a reason to skip or repeat others.
      const after = options.cursor
        ? await tx.post.findUnique({ where: { id: options.cursor }, select: { createdAt: true, id: true } })
        : null;
      if (options.cursor && !after) {
        throw new AppError("BAD_REQUEST", "That page of the feed no longer exists; reload it.");
      }
      const rows = await tx.post.findMany({
        where: after
          ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
          : {},
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: options.limit + 1,
        select: postSelect,
      });
      const items = rows.slice(0, options.limit).map(toPostView);
      return { items, nextCursor: rows.length > options.limit ? items.at(-1)!.id : null, head };
    },
    { isolationLevel: "RepeatableRead" },
  );
}

export function getPost(options: { id: string }) {
  return db.$transaction(
    async (tx) => {
      const head = await channelHead(tx, channels.post(options.id));
      const row = await tx.post.findUnique({ where: { id: options.id }, select: postSelect });
      if (!row) throw new AppError("NOT_FOUND", "That post does not exist (it may have been deleted).");
      const comments = await tx.comment.findMany({
        where: { postId: options.id },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: COMMENTS_PER_PAGE_MAX,
        select: commentSelect,
      });
      return { post: toPostView(row), comments: comments.map(toCommentView), head };
    },
    { isolationLevel: "RepeatableRead" },
  );
}
