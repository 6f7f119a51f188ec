"use client";
// The signed-in home page: widgets that load one snapshot and follow events.
import { LatestDatasetWidget } from "@/components/imports/latest-dataset-widget";
import { LatestNotificationsCard } from "@/components/notifications/latest-notifications-card";
import { LatestActivityWidget } from "./latest-activity-widget";
import { NotificationsTodayWidget } from "./notifications-today-widget";
import { OnlineWidget } from "./online-widget";
import { PostsLastHourWidget } from "./posts-last-hour-widget";
import "./dashboard.css";

export function Dashboard({ userId }: { userId: string }) {
  return (
    <div className="dashboard" data-testid="dashboard">
      <div className="widget-grid">
        <OnlineWidget />
        <NotificationsTodayWidget userId={userId} />
        <PostsLastHourWidget />
      </div>
      <LatestActivityWidget />
      <LatestNotificationsCard />
      <LatestDatasetWidget userId={userId} />
    </div>
  );
}
