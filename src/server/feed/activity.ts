// A person's own actions, on their private activity channel (their other tabs
// and the dashboard's "latest activity" listen there).
import "server-only";
import type { Tx } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent } from "../realtime/outbox";
import type { activityKinds } from "@/lib/events";

type ActivityKind = (typeof activityKinds)[number];

export function recordActivity(tx: Tx, userId: string, kind: ActivityKind, post: { id: string; title: string }) {
  const { channel, type, data } = activityEvent(userId, kind, post);
  return appendEvent(tx, channel, type, data);
}

/** The event recordActivity writes, for a statement that writes it with others (a new post's). */
export function activityEvent(userId: string, kind: ActivityKind, post: { id: string; title: string }) {
  return {
    channel: channels.userActivity(userId),
    type: "activity.recorded" as const,
    data: { kind, postId: post.id, title: post.title },
  };
}
