"use client";
// New posts from others that arrive while the reader is scrolled down are
// held back (inserting them would shift what the reader is looking at) and
// counted in a pill; they are shown when the reader asks or is back on top.
import { useCallback, useEffect, useState } from "react";
import type { EventEnvelope, PostView } from "@/lib/events";

/** Further down than this, the top of the feed is out of sight. */
const SCROLLED_DOWN_PX = 200;

export function isScrolledDown(): boolean {
  return typeof window !== "undefined" && window.scrollY > SCROLLED_DOWN_PX;
}

export function useHeldPosts(reveal: (posts: readonly PostView[]) => void) {
  const [held, setHeld] = useState<readonly PostView[]>([]);

  const hold = useCallback((post: PostView) => {
    setHeld((current) => (current.some((p) => p.id === post.id) ? current : [...current, post]));
  }, []);

  /** Keeps held posts current: an edit replaces, a delete drops. */
  const applyEvent = useCallback((event: EventEnvelope) => {
    if (event.type === "post.updated") {
      const { post } = event.data;
      setHeld((current) =>
        current.some((p) => p.id === post.id) ? current.map((p) => (p.id === post.id ? post : p)) : current,
      );
    } else if (event.type === "post.deleted") {
      const { id } = event.data;
      setHeld((current) => (current.some((p) => p.id === id) ? current.filter((p) => p.id !== id) : current));
    }
  }, []);

  const showHeld = useCallback(() => {
    if (held.length === 0) return;
    reveal(held);
    setHeld([]);
  }, [held, reveal]);

  // Back at the top by themselves: nothing would shift out of sight any more.
  useEffect(() => {
    if (held.length === 0) return;
    const onScroll = () => {
      if (!isScrolledDown()) showHeld();
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, [held.length, showHeld]);

  const clear = useCallback(() => setHeld([]), []);

  return { held, hold, applyEvent, showHeld, clear };
}
