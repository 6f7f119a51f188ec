"use client";
// Posts in the last hour, with a bar per five minutes: the snapshot's
// buckets, a live `post.created` counted in the newest one, and the window
// rolled forward as time passes.
import { useEffect } from "react";
import { addPost, rollBuckets, totalPosts, type PostBuckets } from "./post-buckets";
import { useBatchedValue } from "./use-batched-value";
import { useOverviewEvents, type Overview } from "./use-dashboard-overview";
import { WidgetCard } from "./widget-card";
import "./dashboard.css";

const ROLL_EVERY_MS = 15_000;

export function PostsLastHourWidget() {
  return (
    <WidgetCard testId="widget-posts" title="Posts in the last hour">
      {(overview, at) => <PostsChart key={at} overview={overview} />}
    </WidgetCard>
  );
}

function PostsChart({ overview }: { overview: Overview }) {
  const { postsLastHour } = overview;
  const [state, update] = useBatchedValue<PostBuckets>({
    buckets: postsLastHour.buckets,
    bucketMs: postsLastHour.bucketMinutes * 60_000,
    until: Date.parse(postsLastHour.until),
  });
  useOverviewEvents(overview, { feed: true }, (event) => {
    if (event.type === "post.created") update((s) => addPost(s, Date.now()));
  });
  useEffect(() => {
    const timer = setInterval(() => update((s) => rollBuckets(s, Date.now())), ROLL_EVERY_MS);
    return () => clearInterval(timer);
  }, [update]);

  const total = totalPosts(state);
  return (
    <>
      <p className="widget-number">
        <strong data-testid="posts-last-hour">{total}</strong>
      </p>
      <BarChart buckets={state.buckets} bucketMinutes={postsLastHour.bucketMinutes} />
      {total === 0 && (
        <p className="muted" data-testid="widget-posts-empty">
          No posts in the last hour.
        </p>
      )}
    </>
  );
}

const BAR_WIDTH = 8;
const GAP = 2;
const HEIGHT = 32;

function BarChart({ buckets, bucketMinutes }: { buckets: readonly number[]; bucketMinutes: number }) {
  const max = Math.max(1, ...buckets);
  const width = buckets.length * (BAR_WIDTH + GAP) - GAP;
  const label = `Posts per ${bucketMinutes} minutes, oldest first: ${buckets.join(", ")}`;
  return (
    <svg
      className="widget-chart"
      data-testid="posts-chart"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      width={width * 2}
      height={HEIGHT * 2}
      preserveAspectRatio="none"
    >
      {buckets.map((count, i) => {
        const h = count === 0 ? 1 : Math.max(2, (count / max) * HEIGHT);
        return (
          <rect
            key={i}
            x={i * (BAR_WIDTH + GAP)}
            y={HEIGHT - h}
            width={BAR_WIDTH}
            height={h}
            rx={1}
            className={count === 0 ? "widget-bar widget-bar-empty" : "widget-bar"}
          >
            <title>{`${count} post${count === 1 ? "" : "s"}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
