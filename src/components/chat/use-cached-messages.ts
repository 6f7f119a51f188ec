"use client";
// The messages of a loaded conversation (a room's or a direct one), kept in
// its query's cached answer: a message put in where it belongs (one just
// sent; its event, when it comes, finds it there), and history on scroll,
// the page before the oldest message shown put on top.
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { messagesWithMessage } from "@/lib/rooms/room-cache";

type Page<M> = { messages: M[]; hasOlder: boolean };

export function useCachedMessages<M extends { id: string; createdAt: string }>(
  queryKey: QueryKey,
  oldestId: string | undefined,
  fetchPage: (cursor: string) => Promise<Page<M>>,
) {
  const queryClient = useQueryClient();
  const [older, setOlder] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });

  const addMessage = useCallback(
    (message: M) =>
      queryClient.setQueryData<Page<M>>(queryKey, (data) => data && { ...data, messages: messagesWithMessage(data.messages, message) }),
    [queryClient, queryKey],
  );

  async function loadOlder() {
    if (!oldestId || older.loading) return;
    setOlder({ loading: true, error: null });
    try {
      const page = await fetchPage(oldestId);
      queryClient.setQueryData<Page<M>>(queryKey, (data) =>
        data && {
          ...data,
          messages: [...page.messages.filter((m) => !data.messages.some((d) => d.id === m.id)), ...data.messages],
          hasOlder: page.hasOlder,
        },
      );
      setOlder({ loading: false, error: null });
    } catch (error) {
      setOlder({ loading: false, error });
    }
  }

  return { older, loadOlder, addMessage };
}
