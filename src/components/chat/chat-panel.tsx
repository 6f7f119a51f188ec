"use client";
// The conversation column of a room and of a direct conversation: the
// messages (history on scroll), who is typing, and the composer.
import type { ComponentProps, ReactNode } from "react";
import { typingLine } from "@/lib/rooms/presence";
import { MessageList } from "./message-list";

type Props = Omit<ComponentProps<typeof MessageList>, "loadingOlder" | "olderError"> & {
  older: { loading: boolean; error: unknown };
  typingNames: readonly string[];
  composer: ReactNode;
};

export function ChatPanel({ older, typingNames, composer, ...list }: Props) {
  const typing = typingLine(typingNames);
  return (
    <section className="room-chat card" aria-label="Conversation">
      <MessageList {...list} loadingOlder={older.loading} olderError={older.error} />
      <p className="typing-line" data-testid="typing-line" aria-live="polite">
        {typing ?? " "}
      </p>
      {composer}
    </section>
  );
}
