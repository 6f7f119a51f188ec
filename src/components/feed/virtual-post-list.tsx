"use client";
// The feed's posts, windowed: however many pages are loaded (10,000 posts
// after a long scroll), only the rows near the viewport are in the DOM. Rows
// are measured as they render (posts differ in height) and positioned inside
// a list as tall as all of them; the window itself scrolls, so the page
// keeps its normal scrolling, keyboard and find-on-page for what is shown.
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import type { PostView } from "@/lib/events";
import { PostItem } from "./post-item";
import type { Viewer } from "./viewer";
import "./feed.css";

/** Rows kept rendered beyond each edge of the viewport. */
const OVERSCAN = 6;
/** Ask for the next page when the last rendered row is this close to the end. */
const NEAR_END_ROWS = 5;
/** A post's height before it is measured (title, meta, two lines, actions). */
const ESTIMATED_ROW_PX = 150;
/** Space between rows, as the list's CSS gap was. */
const GAP_PX = 12;

type Props = {
  posts: readonly PostView[];
  viewer: Viewer;
  pendingIds: ReadonlySet<string>;
  onNearEnd: () => void;
};

export function VirtualPostList({ posts, viewer, pendingIds, onNearEnd }: Props) {
  const listRef = useRef<HTMLUListElement>(null);
  const scrollMargin = useListOffset(listRef);
  const virtualizer = useWindowVirtualizer({
    count: posts.length,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey: (index) => posts[index]?.id ?? index,
    overscan: OVERSCAN,
    gap: GAP_PX,
    scrollMargin,
  });

  // A row measured above the viewport moves what the reader sees unless the
  // scroll position moves with it. The virtualizer's own check uses the
  // offset of its last scroll event, which is stale right after a jump to
  // the top (the "new posts" pill): it would then push the page back down.
  useEffect(() => {
    // An instance property is how TanStack Virtual takes this rule (it has no option for it).
    // eslint-disable-next-line react-hooks/immutability
    virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item) => item.start < window.scrollY;
  }, [virtualizer]);

  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= posts.length - NEAR_END_ROWS) onNearEnd();
  }, [lastIndex, posts.length, onNearEnd]);

  return (
    <ul
      ref={listRef}
      className="post-list post-list-virtual"
      style={{ height: virtualizer.getTotalSize() }}
      aria-label="Posts, newest first"
    >
      {rows.map((row) => {
        const post = posts[row.index]!;
        return (
          <PostItem
            key={row.key}
            post={post}
            viewer={viewer}
            pending={pendingIds.has(post.id)}
            row={{
              index: row.index,
              setSize: posts.length,
              top: row.start - virtualizer.options.scrollMargin,
              measure: virtualizer.measureElement,
            }}
          />
        );
      })}
    </ul>
  );
}

/** How far down the page the list starts: what is above it (the form) changes height. */
function useListOffset(listRef: React.RefObject<HTMLElement | null>): number {
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const update = () => setOffset(list.getBoundingClientRect().top + window.scrollY);
    update();
    const observer = new ResizeObserver(update);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [listRef]);
  return offset;
}
