"use client";
// The bell in the header: the unread count, and on click the latest few.
// A disclosure (button + panel), closed by Escape, a click outside or
// moving focus away.
import Link from "next/link";
import { useEffect, useId, useRef, useState, type FocusEvent } from "react";
import { Avatar } from "@/components/ui/avatar";
import { RelativeTime } from "@/components/ui/relative-time";
import { NotificationActionButtons } from "./notification-action-buttons";
import { unreadShown } from "@/lib/notifications/notification-cache";
import { showAppBadge } from "@/lib/pwa/app-badge";
import { errorMessage } from "@/trpc/errors";
import { BellIcon } from "./bell-icon";
import { useInboxSummary } from "./use-inbox-summary";
import "./notifications.css";

export function NotificationBell() {
  const summary = useInboxSummary();
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const loaded = summary.data !== undefined;
  const count = summary.data ? unreadShown(summary.data) : 0;

  // The app icon shows what the bell shows, from the moment it is known
  // (not the 0 of a summary still loading).
  useEffect(() => {
    if (loaded) showAppBadge(count);
  }, [loaded, count]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!wrapper.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
  };
  const close = () => setOpen(false);

  return (
    <div className="bell" ref={wrapper} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={count > 0 ? `Notifications, ${count} unread` : "Notifications"}
        onClick={() => setOpen((value) => !value)}
      >
        <BellIcon />
        <span className="badge" data-testid="unread-badge" hidden={count === 0} aria-hidden="true">
          {count}
        </span>
      </button>
      <div id={panelId} className="bell-panel" hidden={!open}>
        <div className="bell-panel-header">
          <h2>Notifications</h2>
          <span className="muted">{count > 0 ? `${count} unread` : "All read"}</span>
        </div>
        {summary.isPending ? (
          <p className="bell-panel-note">Loading…</p>
        ) : summary.isError ? (
          <div className="bell-panel-note" role="alert">
            <p>{errorMessage(summary.error)}</p>
            <button type="button" className="button button-small" onClick={() => void summary.refetch()}>
              Try again
            </button>
          </div>
        ) : summary.data.latest.length === 0 ? (
          <p className="bell-panel-note">Nothing here yet.</p>
        ) : (
          <ul className="bell-list">
            {summary.data.latest.map((n) => (
              <li key={n.id} data-unread={n.readAt ? "false" : "true"} data-testid="bell-entry">
                <Link href="/inbox" className="bell-item" onClick={close}>
                  {n.senderName && <Avatar name={n.senderName} url={n.senderAvatarUrl} size={24} className="bell-avatar" />}
                  <span className="bell-item-title">
                    {!n.readAt && <span className="unread-dot" aria-hidden="true" />}
                    {n.title}
                    {!n.readAt && <span className="visually-hidden"> (unread)</span>}
                  </span>
                  <span className="bell-item-meta">
                    {n.senderName ? `${n.senderName} · ` : ""}
                    <RelativeTime iso={n.createdAt} />
                  </span>
                </Link>
                <NotificationActionButtons notification={n} compact />
              </li>
            ))}
          </ul>
        )}
        <Link href="/inbox" className="bell-panel-footer" onClick={close}>
          Open inbox
        </Link>
      </div>
    </div>
  );
}
