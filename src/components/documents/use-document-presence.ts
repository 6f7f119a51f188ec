"use client";
// Who has the document open (presence-doc.<id>, editors only) and where their
// cursors are. Cursors are client events: ephemeral, never stored, sent at
// most 20 times a second, each a 14-byte record (cursor-codec.ts). Soketi
// adds the sender's user_id; the name comes from the signed member list.
import { useCallback, useEffect, useRef, useState } from "react";
import { holdChannel } from "@/components/realtime/channel-holds";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { clientSignalReader } from "@/lib/realtime/accept-event";
import {
  CURSOR_EVENT,
  CURSOR_INTERVAL_MS,
  cursorSignal,
  encodeCursor,
  type CursorUpdate,
} from "@/lib/documents/cursor-codec";
import { channels } from "@/lib/realtime/channel-names";

export type Member = { id: string; name: string; avatarUrl?: string | null };
export type RemoteCursor = CursorUpdate & { userId: string; name: string };

type MemberInfo = { id: string; info?: { name?: string; avatarUrl?: string | null } };
type Channel = ReturnType<typeof holdChannel>["channel"];
/** The part of pusher-js's PresenceChannel used here. */
type PresenceMembers = { members: { each(fn: (m: MemberInfo) => void): void; get(id: string): unknown } };

export function useDocumentPresence(options: {
  documentId: string;
  selfId: string;
  enabled: boolean;
  /** The local cursor as it is now (read when an update goes out, so it is never stale). */
  getCursor: () => CursorUpdate | null;
}) {
  const { client } = useRealtime();
  const [members, setMembers] = useState<Member[]>([]);
  const [cursors, setCursors] = useState<Record<string, RemoteCursor>>({});
  const channelRef = useRef<Channel | null>(null);
  const getCursor = useRef(options.getCursor);
  useEffect(() => {
    getCursor.current = options.getCursor;
  });
  const lastSent = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    timer.current = null;
    const channel = channelRef.current;
    const update = getCursor.current();
    if (!channel?.subscribed || !update) return;
    lastSent.current = Date.now();
    channel.trigger(CURSOR_EVENT, encodeCursor(update));
  }, []);

  /** The local cursor moved: sent now or at the end of the current 50 ms window. */
  const reportCursor = useCallback(
    () => {
      if (timer.current) return;
      const wait = Math.max(0, lastSent.current + CURSOR_INTERVAL_MS - Date.now());
      timer.current = setTimeout(flush, wait);
    },
    [flush],
  );

  useEffect(() => {
    if (!client || !options.enabled) return;
    const name = channels.docPresence(options.documentId);
    const { channel, release } = holdChannel(client, name);
    channelRef.current = channel;
    const presence = channel as unknown as PresenceMembers;
    const readCursor = clientSignalReader(name, CURSOR_EVENT, cursorSignal);
    const readMembers = () => {
      const list: Member[] = [];
      presence.members.each((m: MemberInfo) => list.push({ id: m.id, name: m.info?.name ?? "Someone", avatarUrl: m.info?.avatarUrl ?? null }));
      setMembers(list);
      return list;
    };
    const onSubscribed = () => {
      readMembers();
      flush(); // newcomers see where this person is
    };
    const onAdded = () => {
      readMembers();
      flush();
    };
    const onRemoved = (member: MemberInfo) => {
      readMembers();
      setCursors((all) => {
        const { [member.id]: _gone, ...rest } = all;
        void _gone;
        return rest;
      });
    };
    const onCursor = (data: unknown, metadata?: unknown) => {
      const cursor = readCursor(data, metadata);
      if (!cursor || cursor.userId === options.selfId) return;
      const { userId, signal: update } = cursor;
      const member = presence.members.get(userId) as { info?: { name?: string } } | null;
      setCursors((all) => ({ ...all, [userId]: { ...update, userId, name: member?.info?.name ?? "Someone" } }));
    };
    channel.bind("pusher:subscription_succeeded", onSubscribed);
    channel.bind("pusher:member_added", onAdded);
    channel.bind("pusher:member_removed", onRemoved);
    channel.bind(CURSOR_EVENT, onCursor);
    if (channel.subscribed) onSubscribed();
    return () => {
      channel.unbind("pusher:subscription_succeeded", onSubscribed);
      channel.unbind("pusher:member_added", onAdded);
      channel.unbind("pusher:member_removed", onRemoved);
      channel.unbind(CURSOR_EVENT, onCursor);
      release();
      channelRef.current = null;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [client, options.documentId, options.selfId, options.enabled, flush]);

  return { members, cursors, reportCursor };
}
