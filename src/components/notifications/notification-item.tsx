import type { NotificationView } from "@/lib/events";
import { Avatar } from "@/components/ui/avatar";
import { RelativeTime } from "@/components/ui/relative-time";
import { NotificationActionButtons } from "./notification-action-buttons";
import { EntryActions } from "./entry-actions";
import { GroupItems } from "./group-items";
import { MarkReadButton } from "./mark-read-button";
import { NotificationLink } from "./notification-link";
import { SnoozeMenu } from "./snooze-menu";
import "./notifications.css";

export function NotificationItem(props: {
  notification: NotificationView;
  /** Shown in the Archive: no snoozing, "Move to inbox" instead of "Archive". */
  archived?: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
}) {
  const { notification: n, archived = false } = props;
  const unread = !n.readAt;
  return (
    <li
      className={n.urgent ? "notification-item notification-urgent" : "notification-item"}
      data-testid="notification-item"
      data-unread={unread ? "true" : "false"}
      data-selected={props.selected ? "true" : "false"}
    >
      {/* A native checkbox: Tab reaches it and Space toggles it, with its label read out. */}
      <input
        type="checkbox"
        className="notification-select"
        checked={props.selected}
        aria-label={`Select “${n.title}”`}
        onChange={(event) => props.onSelect(event.target.checked)}
      />
      {n.senderName && <Avatar name={n.senderName} url={n.senderAvatarUrl} size={32} className="notification-avatar" />}
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
        {!archived && <NotificationActionButtons notification={n} />}
      </div>
      <div className="notification-actions">
        {unread && <MarkReadButton id={n.id} title={n.title} />}
        {!archived && <SnoozeMenu id={n.id} title={n.title} />}
        <EntryActions id={n.id} title={n.title} read={!unread} archived={archived} />
      </div>
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
