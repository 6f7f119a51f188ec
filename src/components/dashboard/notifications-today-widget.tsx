"use client";
// Notifications the reader received since their local midnight: the snapshot's
// count, plus one per `notification.created` on their own channel (which the
// bell also listens to; channel holds share the subscription).
import { useBatchedValue } from "./use-batched-value";
import { useOverviewEvents, type Overview } from "./use-dashboard-overview";
import { WidgetCard } from "./widget-card";
import "./dashboard.css";

export function NotificationsTodayWidget({ userId }: { userId: string }) {
  return (
    <WidgetCard testId="widget-notifications-today" title="Notifications today">
      {(overview, at) => <TodayCount key={at} overview={overview} userId={userId} />}
    </WidgetCard>
  );
}

function TodayCount({ overview, userId }: { overview: Overview; userId: string }) {
  const [count, update] = useBatchedValue(overview.notificationsToday);
  useOverviewEvents(overview, { userId }, (event) => {
    if (event.type === "notification.created") update((n) => n + 1);
  });
  return (
    <>
      <p className="widget-number">
        <strong data-testid="notifications-today">{count}</strong>
      </p>
      {count === 0 && (
        <p className="muted" data-testid="widget-notifications-today-empty">
          None yet today. New ones count here as they arrive.
        </p>
      )}
    </>
  );
}
