"use client";
// The single items behind a grouped entry ("Alice and 3 others commented…"),
// loaded when the person opens them.
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { NotificationView } from "@/lib/events";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";
import { NotificationLink } from "./notification-link";
import "./notifications.css";

export function GroupItems({ entry }: { entry: NotificationView }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  return (
    <div className="group-items">
      <button
        type="button"
        className="button button-quiet button-small"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? "Hide" : "Show"} all {entry.groupCount}
      </button>
      {open && <GroupItemList id={listId} entry={entry} />}
    </div>
  );
}

function GroupItemList({ id, entry }: { id: string; entry: NotificationView }) {
  const trpc = useTRPC();
  // Keyed by the count too: a new item arriving live shows when reopened.
  const items = useQuery(trpc.notifications.groupItems.queryOptions({ id: entry.id }, { staleTime: 0 }));
  if (items.isPending) return <p id={id} className="muted" role="status">Loading…</p>;
  if (items.isError) return <p id={id} role="alert">Could not load these: {items.error.message}</p>;
  return (
    <ul id={id} className="group-item-list" data-testid="group-items">
      {items.data.map((item) => (
        <li key={item.id}>
          <span>{item.title}</span>
          {item.body && <span className="muted"> — {item.body}</span>}
          {" · "}
          <RelativeTime iso={item.createdAt} />
          {item.link && (
            <>
              {" · "}
              <NotificationLink href={item.link}>Open</NotificationLink>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
