"use client";
// "3 new posts ↑": floats over the feed while new posts wait above the reader.
import "./feed.css";

export function NewPostsPill(props: { count: number; onClick: () => void }) {
  if (props.count === 0) return null;
  return (
    <button type="button" className="new-posts-pill" data-testid="new-posts-pill" onClick={props.onClick}>
      {props.count === 1 ? "1 new post" : `${props.count} new posts`} ↑
    </button>
  );
}
