"use client";
// Opening a link to a place in a list (a notification's `/posts/<id>#comment-<id>`,
// `/rooms/<id>#message-<id>`): the list is rendered after its data loads, so
// the browser's own jump to the fragment finds nothing. Once `ready`, the
// element is scrolled into view and marked (data-target, highlighted by CSS).
import { useEffect } from "react";

export function useScrollToHash(ready: boolean) {
  useEffect(() => {
    if (!ready) return;
    const reveal = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      if (!id) return;
      const el = document.getElementById(id);
      if (!el) return;
      document.querySelectorAll("[data-target]").forEach((other) => other.removeAttribute("data-target"));
      el.setAttribute("data-target", "true");
      el.scrollIntoView({ block: "center" });
    };
    // After this render's layout (lists that keep their own scroll position run first).
    const frame = requestAnimationFrame(reveal);
    window.addEventListener("hashchange", reveal);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("hashchange", reveal);
    };
  }, [ready]);
}
