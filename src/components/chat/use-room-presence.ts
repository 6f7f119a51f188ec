"use client";
// Who is in the room now, from the presence channel itself: Soketi keeps the
// member list (one entry per person however many tabs they have open, gone
// when their last tab's socket closes), so the app keeps nothing in memory.
// Status (online / away / typing) travels as throttled client events; a
// newcomer learns everyone's status because everyone announces again when a
// member is added. "Typing" expires on the receiver 3 s after its last
// signal, so a lost "stopped" signal never leaves it stuck.
import { useCallback, useEffect, useRef, useState } from "react";
import { holdChannel } from "@/components/realtime/channel-holds";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { clientSignalReader } from "@/lib/realtime/accept-event";
import {
  presenceInfo,
  STATUS_EVENT,
  statusSignal,
  ThrottledSignal,
  TYPING_TIMEOUT_MS,
  type StatusSignal,
} from "@/lib/rooms/presence";
import { channels } from "@/lib/realtime/channel-names";

export type OnlineMember = {
  id: string;
  name: string;
  initials: string;
  joinedAt: string;
  avatarUrl?: string | null;
  status: "online" | "away" | "typing";
  isMe: boolean;
};

/** What this hook uses of pusher-js's presence channel (pusher-js is imported only in src/components/realtime). */
type PresenceChannelLike = {
  subscribed: boolean;
  members: { each: (callback: (member: { id: string; info: unknown }) => void) => void };
  bind: (event: string, callback: (...args: never[]) => void) => void;
  unbind: (event: string, callback: (...args: never[]) => void) => void;
  trigger: (event: string, data: unknown) => boolean;
};

type PresenceMemberInfo = { name: string; initials: string; joinedAt: string; avatarUrl?: string | null };

type Announced = { status: "online" | "away"; typingUntil: number };

/** `channelName`: another presence channel than the room's (a conversation's, for typing). */
export function useRoomPresence(roomId: string, meId: string, enabled = true, channelName = channels.room(roomId)) {
  const { client } = useRealtime();
  const [infos, setInfos] = useState<Map<string, PresenceMemberInfo>>(new Map());
  const [announced, setAnnounced] = useState<Map<string, Announced>>(new Map());
  const [now, setNow] = useState(() => Date.now());
  const mine = useRef<StatusSignal>({ status: "online", typing: false });
  const sender = useRef<ThrottledSignal<StatusSignal> | null>(null);
  const stopTypingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const announce = useCallback(() => sender.current?.push({ ...mine.current }), []);

  useEffect(() => {
    if (!client || !enabled) return;
    const { channel, release } = holdChannel(client, channelName);
    const presence = channel as unknown as PresenceChannelLike;
    const readStatus = clientSignalReader(channelName, STATUS_EVENT, statusSignal);
    sender.current = new ThrottledSignal((signal) => {
      if (presence.subscribed) presence.trigger(STATUS_EVENT, signal);
    });
    mine.current = { status: document.hidden ? "away" : "online", typing: false };

    const readMembers = () => {
      const next = new Map<string, PresenceMemberInfo>();
      presence.members.each((member: { id: string; info: unknown }) => {
        const info = presenceInfo.safeParse(member.info);
        if (info.success) next.set(member.id, info.data);
      });
      setInfos(next);
    };
    const forget = (userId: string) =>
      setAnnounced((current) => {
        if (!current.has(userId)) return current;
        const next = new Map(current);
        next.delete(userId);
        return next;
      });
    const onSubscribed = () => {
      readMembers();
      announce();
    };
    const onAdded = () => {
      readMembers();
      announce(); // so the newcomer learns this tab's status
    };
    const onRemoved = (member: { id: string }) => {
      readMembers();
      forget(member.id);
    };
    const onStatus = (data: unknown, metadata?: unknown) => {
      // The sender is the user_id Soketi adds from the signed subscription: it cannot be forged.
      const status = readStatus(data, metadata);
      if (!status || status.userId === meId) return;
      const { userId, signal } = status;
      setAnnounced((current) =>
        new Map(current).set(userId, {
          status: signal.status,
          typingUntil: signal.typing ? Date.now() + TYPING_TIMEOUT_MS : 0,
        }),
      );
    };
    const onVisibility = () => {
      mine.current = { ...mine.current, status: document.hidden ? "away" : "online" };
      announce();
    };

    presence.bind("pusher:subscription_succeeded", onSubscribed);
    presence.bind("pusher:member_added", onAdded);
    presence.bind("pusher:member_removed", onRemoved);
    presence.bind(STATUS_EVENT, onStatus);
    document.addEventListener("visibilitychange", onVisibility);
    if (presence.subscribed) onSubscribed();

    return () => {
      presence.unbind("pusher:subscription_succeeded", onSubscribed);
      presence.unbind("pusher:member_added", onAdded);
      presence.unbind("pusher:member_removed", onRemoved);
      presence.unbind(STATUS_EVENT, onStatus);
      document.removeEventListener("visibilitychange", onVisibility);
      sender.current?.dispose();
      sender.current = null;
      if (stopTypingTimer.current) clearTimeout(stopTypingTimer.current);
      release();
      setInfos(new Map());
      setAnnounced(new Map());
    };
  }, [client, channelName, meId, announce, enabled]);

  // Re-render when the earliest "typing" runs out.
  useEffect(() => {
    const next = Math.min(...[...announced.values()].map((a) => a.typingUntil).filter((t) => t > now));
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(() => setNow(Date.now()), next - Date.now() + 20);
    return () => clearTimeout(timer);
  }, [announced, now]);

  /** The person typed: others see "typing" (renewed at most once a second). */
  const typed = useCallback(() => {
    if (stopTypingTimer.current) clearTimeout(stopTypingTimer.current);
    stopTypingTimer.current = setTimeout(() => {
      mine.current = { ...mine.current, typing: false };
      announce();
    }, TYPING_TIMEOUT_MS);
    if (!mine.current.typing) mine.current = { ...mine.current, typing: true };
    announce();
  }, [announce]);

  /** The person sent or cleared their message. */
  const stoppedTyping = useCallback(() => {
    if (stopTypingTimer.current) clearTimeout(stopTypingTimer.current);
    if (!mine.current.typing) return;
    mine.current = { ...mine.current, typing: false };
    announce();
  }, [announce]);

  /** A message from `userId` arrived: they are no longer typing it. */
  const messageFrom = useCallback((userId: string) => {
    setAnnounced((current) => {
      const was = current.get(userId);
      if (!was || was.typingUntil === 0) return current;
      return new Map(current).set(userId, { ...was, typingUntil: 0 });
    });
  }, []);

  const members: OnlineMember[] = [...infos.entries()]
    .map(([id, info]) => {
      const a = announced.get(id);
      const status: OnlineMember["status"] =
        id === meId ? "online" : a && a.typingUntil > now ? "typing" : (a?.status ?? "online");
      return { id, ...info, status, isMe: id === meId };
    })
    .sort((a, b) => (a.isMe !== b.isMe ? (a.isMe ? -1 : 1) : a.name.localeCompare(b.name)));

  return {
    members,
    typingNames: members.filter((m) => m.status === "typing").map((m) => m.name),
    typed,
    stoppedTyping,
    messageFrom,
  };
}
