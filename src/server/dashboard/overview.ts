// What the home dashboard's widgets show when the page loads; afterwards they
// follow events (people.online and post.* on private-feed, notification.* on
// the reader's own channel). Heads come from the same snapshot as the values.
import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { channelHead } from "../realtime/outbox";

const CHART_BUCKET_MINUTES = 5;
const CHART_BUCKETS = 60 / CHART_BUCKET_MINUTES;
const LATEST_ACTIVITY = 8;

/** `dayStart`: an ISO date-time, the start of the reader's day in their time zone. */
export function dashboardOverview(options: { actor: Actor; dayStart: string }) {
  const dayStart = new Date(options.dayStart);
  return db.$transaction(
    async (tx) => {
      const [feedHead, userHead] = await Promise.all([
        channelHead(tx, channels.feed()),
        channelHead(tx, channels.user(options.actor.id)),
      ]);
      const now = new Date();
      const hourAgo = new Date(now.getTime() - 60 * 60_000);
      const authorName = { select: { name: true } };
      const [onlineNow, notificationsToday, recentPosts, latestPosts, latestComments] = await Promise.all([
        tx.onlineUser.count(),
        tx.notification.count({ where: { recipientId: options.actor.id, createdAt: { gte: dayStart } } }),
        tx.post.findMany({
          where: { createdAt: { gte: hourAgo } },
          orderBy: { createdAt: "desc" },
          select: { createdAt: true },
        }),
        tx.post.findMany({
          orderBy: { createdAt: "desc" },
          take: LATEST_ACTIVITY,
          select: { id: true, title: true, createdAt: true, author: authorName },
        }),
        tx.comment.findMany({
          orderBy: { createdAt: "desc" },
          take: LATEST_ACTIVITY,
          select: { id: true, createdAt: true, author: authorName, post: { select: { id: true, title: true } } },
        }),
      ]);
      // Oldest bucket first; the last one ends now.
      const buckets = Array.from({ length: CHART_BUCKETS }, () => 0);
      for (const post of recentPosts) {
        const age = Math.floor((now.getTime() - post.createdAt.getTime()) / (CHART_BUCKET_MINUTES * 60_000));
        buckets[CHART_BUCKETS - 1 - Math.min(age, CHART_BUCKETS - 1)]! += 1;
      }
      const latestActivity = [
        ...latestPosts.map((p) => ({ kind: "post" as const, id: p.id, postId: p.id, title: p.title, who: p.author.name, at: p.createdAt.toISOString() })),
        ...latestComments.map((c) => ({ kind: "comment" as const, id: c.id, postId: c.post.id, title: c.post.title, who: c.author.name, at: c.createdAt.toISOString() })),
      ]
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, LATEST_ACTIVITY);
      return {
        onlineNow,
        notificationsToday,
        postsLastHour: { total: recentPosts.length, bucketMinutes: CHART_BUCKET_MINUTES, buckets, until: now.toISOString() },
        latestActivity,
        heads: { feed: feedHead, user: userHead },
      };
    },
    { isolationLevel: "RepeatableRead" },
  );
}
