// A person's own actions, on their private activity channel (their other tabs
// and the dashboard's "latest activity" listen there).
import "server-only";
import type { Tx } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent } from "../realtime/outbox";
import type { activityKinds } from "@/lib/events";

export function recordActivity(
  tx: Tx,
  userId: string,
  kind: (typeof activityKinds)[number],
  post: { id: string; title: string },
) {
  return appendEvent(tx, channels.userActivity(userId), "activity.recorded", {
    kind,
    postId: post.id,
    title: post.title,
  });
}
