import type { NotificationView } from "@/lib/events";
import { RelativeTime } from "@/components/ui/relative-time";
import { GroupItems } from "./group-items";
import { MarkReadButton } from "./mark-read-button";
import { NotificationLink } from "./notification-link";
import { SnoozeMenu } from "./snooze-menu";

export function NotificationItem({ notification: n }: { notification: NotificationView }) {
  const unread = !n.readAt;
  return (
    <li
      className={n.urgent ? "notification-item notification-urgent" : "notification-item"}
      data-testid="notification-item"
      data-unread={unread ? "true" : "false"}
    >
      <div className="notification-content">
        <h3 className="notification-title">
          {unread && <span className="unread-dot" aria-hidden="true" />}
          {n.urgent && <span className="urgent-tag">Urgent</span>}
          {n.title}
          {unread && <span className="visually-hidden"> (unread)</span>}
        </h3>
        {n.body && <p className="notification-body">{n.body}</p>}
        {n.groupCount > 1 && <GroupItems entry={n} />}
        {n.link && (
          <NotificationLink href={n.link} className="notification-link">
            {linkLabel(n.link)}
          </NotificationLink>
        )}
        <p className="notification-meta">
          {n.senderName ? `From ${n.senderName}` : "From Live Notify"} · <RelativeTime iso={n.createdAt} />
        </p>
      </div>
      {unread && <MarkReadButton id={n.id} title={n.title} />}
      <SnoozeMenu id={n.id} title={n.title} />
    </li>
  );
}

/** "Open" inside the app; "Open example.com" for a link that leaves it (ids mean nothing to a reader). */
function linkLabel(link: string): string {
  if (link.startsWith("/")) return "Open";
  try {
    return `Open ${new URL(link).hostname}`;
  } catch {
    return "Open link";
  }
}
