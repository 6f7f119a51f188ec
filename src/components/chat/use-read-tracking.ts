"use client";
// Reading a room or conversation: the newest message on screen is marked
// read when the tab is visible (on open, when messages arrive, when the tab
// comes back), so the unread counts clear in every tab and the others'
// read receipts move. Only forward, and once per message.
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { ChatKind } from "@/lib/events";
import { useTRPC } from "@/trpc/react";

function useVisible(): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const update = () => setVisible(!document.hidden);
    update();
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  return visible;
}

export function useReadTracking(kind: ChatKind, id: string, newestMessageId: string | undefined) {
  const trpc = useTRPC();
  const visible = useVisible();
  const marked = useRef<string | null>(null);
  const { mutate } = useMutation(trpc.conversations.markRead.mutationOptions());
  useEffect(() => {
    if (!visible || !newestMessageId || marked.current === newestMessageId) return;
    marked.current = newestMessageId;
    mutate({ kind, id, messageId: newestMessageId });
  }, [visible, kind, id, newestMessageId, mutate]);
  return visible;
}

/** How often an open conversation says so (the server forgets it after 45 s). */
const VIEWING_RENEW_MS = 20_000;

/** While the conversation is open in a visible tab, its new messages are no notification to this person. */
export function useViewingConversation(conversationId: string, visible: boolean) {
  const trpc = useTRPC();
  const { mutate } = useMutation(trpc.conversations.viewing.mutationOptions());
  useEffect(() => {
    if (!visible) return;
    mutate({ conversationId, viewing: true });
    const timer = setInterval(() => mutate({ conversationId, viewing: true }), VIEWING_RENEW_MS);
    return () => {
      clearInterval(timer);
      mutate({ conversationId, viewing: false });
    };
  }, [conversationId, visible, mutate]);
}
