"use client";
// History on scroll for a loaded conversation (a room's or a direct one):
// the page before the oldest message shown, put on top of the cached answer.
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState } from "react";

type Page<M> = { messages: M[]; hasOlder: boolean };

export function useOlderMessages<M extends { id: string }>(
  queryKey: QueryKey,
  oldestId: string | undefined,
  fetchPage: (cursor: string) => Promise<Page<M>>,
) {
  const queryClient = useQueryClient();
  const [older, setOlder] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });

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

  return { older, loadOlder };
}
