"use client";
// Keeps this tab's notifications current: listens to the user's channel and
// writes each event into the cached queries; a toast for a new arrival.
import { useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { useToast } from "@/components/ui/toast-provider";
import type { NotificationView } from "@/lib/events";
import { linkTarget } from "@/lib/navigation/safe-next-path";
import { broadcastAsNotification } from "@/lib/notifications/notification-cache";
import { channels } from "@/lib/realtime/channel-names";
import { useTRPC } from "@/trpc/react";
import { useInboxSummary } from "./use-inbox-summary";
import { useNotificationCache } from "./use-notification-cache";

/** Older arrivals (caught up after a long disconnect) do not pop up. */
const TOAST_MAX_AGE_MS = 60_000;

export function LiveNotifications(props: { userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const summary = useInboxSummary();
  const cache = useNotificationCache();
  const toast = useToast();
  // An event may be applied again (a replaced snapshot): one toast per notification.
  const toasted = useRef(new Set<string>());

  useChannelEvents({
    channel: channels.user(props.userId),
    baselineId: summary.data?.head,
    onEvent(event) {
      cache.applyEvent(event);
      if (event.type === "notification.created") announce(event.data.notification, event.at);
      // Joined or left a team: listen to the right team channels from now on.
      if (event.type === "teams.changed") {
        void cache.reload();
        void queryClient.invalidateQueries(trpc.teams.mine.queryFilter());
      }
    },
    async onReset() {
      return (await cache.reload()).head;
    },
  });

  function announce(notification: NotificationView, at: string) {
    if (toasted.current.has(notification.id)) return;
    if (Date.now() - Date.parse(at) > TOAST_MAX_AGE_MS) return;
    toasted.current.add(notification.id);
    const target = linkTarget(notification.link);
    toast({
      title: notification.title,
      body: notification.senderName ? `From ${notification.senderName}` : undefined,
      href: target?.href ?? "/inbox",
      linkLabel: target ? "Open" : "Open inbox",
    });
  }

  return (
    <>
      {Object.entries(summary.data?.broadcastHeads ?? {}).map(([channel, head]) => (
        <BroadcastListener key={channel} channel={channel} baselineId={head} userId={props.userId} onNew={announce} />
      ))}
    </>
  );
}

/** One shared channel announcements arrive on (everyone, the person's role, each of their teams). */
function BroadcastListener(props: {
  channel: string;
  baselineId: number;
  userId: string;
  onNew: (notification: NotificationView, at: string) => void;
}) {
  const cache = useNotificationCache();
  useChannelEvents({
    channel: props.channel,
    baselineId: props.baselineId,
    onEvent(event) {
      if (event.type === "team.deleted") void cache.reload();
      if (event.type !== "broadcast.sent") return;
      if (cache.applyBroadcast(event, props.userId)) {
        props.onNew(broadcastAsNotification(event.data.broadcast, props.userId), event.at);
      }
    },
    async onReset() {
      return (await cache.reload()).broadcastHeads[props.channel] ?? 0;
    },
  });
  return null;
}
