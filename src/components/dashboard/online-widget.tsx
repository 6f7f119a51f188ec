"use client";
// People online now: signed-in people with at least one open tab, counted by
// the server (Soketi webhooks) and pushed as `people.online` on the feed.
import { OnlinePeopleList } from "./online-people-list";
import { useBatchedValue } from "./use-batched-value";
import { useOverviewEvents, type Overview } from "./use-dashboard-overview";
import { WidgetCard } from "./widget-card";
import "./dashboard.css";

export function OnlineWidget() {
  return (
    <WidgetCard testId="widget-online" title="People online now">
      {(overview, at) => (
        <>
          <OnlineCount key={at} overview={overview} />
          <OnlinePeopleList />
        </>
      )}
    </WidgetCard>
  );
}

function OnlineCount({ overview }: { overview: Overview }) {
  const [count, update] = useBatchedValue(overview.onlineNow);
  useOverviewEvents(overview, { feed: true }, (event) => {
    if (event.type === "people.online") update(() => event.data.count);
  });
  return (
    <>
      <p className="widget-number">
        <strong data-testid="online-count">{count}</strong>
      </p>
      {count === 0 && (
        <p className="muted" data-testid="widget-online-empty">
          Nobody is online right now.
        </p>
      )}
    </>
  );
}
