"use client";
// The newest posts and comments; live posts are added on top, edits rename
// and deletions remove them.
import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import type { EventEnvelope } from "@/lib/events";
import { useBatchedValue } from "./use-batched-value";
import { useOverviewEvents, type Overview } from "./use-dashboard-overview";
import { WidgetCard } from "./widget-card";

type Activity = Overview["latestActivity"][number];
const SHOWN = 8;

export function LatestActivityWidget() {
  return (
    <WidgetCard testId="widget-activity" title="Latest activity">
      {(overview, at) => <ActivityList key={at} overview={overview} />}
    </WidgetCard>
  );
}

function activityWithEvent(list: readonly Activity[], event: EventEnvelope): readonly Activity[] {
  switch (event.type) {
    case "post.created": {
      const { post } = event.data;
      if (list.some((a) => a.kind === "post" && a.id === post.id)) return list;
      const item: Activity = { kind: "post", id: post.id, postId: post.id, title: post.title, who: post.author.name, at: post.createdAt };
      return [item, ...list].slice(0, SHOWN);
    }
    case "post.updated": {
      const { post } = event.data;
      return list.map((a) => (a.postId === post.id ? { ...a, title: post.title } : a));
    }
    case "post.deleted":
      return list.filter((a) => a.postId !== event.data.id);
    default:
      return list;
  }
}

function ActivityList({ overview }: { overview: Overview }) {
  const [items, update] = useBatchedValue<readonly Activity[]>(overview.latestActivity);
  useOverviewEvents(overview, { feed: true }, (event) => update((list) => activityWithEvent(list, event)));
  if (items.length === 0) {
    return (
      <p className="muted" data-testid="widget-activity-empty">
        Nothing has happened yet. New posts show up here as they are written.
      </p>
    );
  }
  return (
    <ul className="compact-list" data-testid="activity-list">
      {items.map((a) => (
        <li key={`${a.kind}:${a.id}`} data-testid="activity-item">
          <span className="compact-title">
            {a.who} {a.kind === "post" ? "posted" : "commented on"} <Link href={`/posts/${a.postId}`}>{a.title}</Link>
          </span>
          <span className="muted">
            <RelativeTime iso={a.at} />
          </span>
        </li>
      ))}
    </ul>
  );
}
