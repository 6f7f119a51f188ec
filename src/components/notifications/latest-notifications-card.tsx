"use client";
// The home dashboard's card: how many are unread and the newest few.
import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { unreadShown } from "@/lib/notifications/notification-cache";
import { errorMessage } from "@/trpc/errors";
import { useInboxSummary } from "./use-inbox-summary";
import "./notifications.css";

const SHOWN = 5;

export function LatestNotificationsCard() {
  const summary = useInboxSummary();
  return (
    <section className="card" aria-labelledby="latest-heading">
      <div className="card-header">
        <h2 id="latest-heading">Notifications</h2>
        {summary.data && (
          <p className="stat">
            <strong data-testid="dashboard-unread-count">{unreadShown(summary.data)}</strong> unread
          </p>
        )}
      </div>
      {summary.isPending ? (
        <p className="muted">Loading…</p>
      ) : summary.isError ? (
        <div role="alert">
          <p>{errorMessage(summary.error)}</p>
          <button type="button" className="button" onClick={() => void summary.refetch()}>
            Try again
          </button>
        </div>
      ) : summary.data.latest.length === 0 ? (
        <p className="muted">No notifications yet. New ones appear here as they arrive.</p>
      ) : (
        <ul className="compact-list">
          {summary.data.latest.slice(0, SHOWN).map((n) => (
            <li key={n.id} data-unread={n.readAt ? "false" : "true"}>
              <span className="compact-title">
                {!n.readAt && <span className="unread-dot" aria-hidden="true" />}
                {n.title}
                {!n.readAt && <span className="visually-hidden"> (unread)</span>}
              </span>
              <span className="muted">
                <RelativeTime iso={n.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <Link href="/inbox" className="card-link">
        Open inbox →
      </Link>
    </section>
  );
}
