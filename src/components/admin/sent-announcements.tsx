"use client";
// Announcements sent to everyone, a role or a team, newest first, each with
// "Read by N of M": M counted when it was sent, N the people who have read
// it by now. Reads are not live events (one per reader would flood the
// admin channel for a big audience): "Refresh" counts again.
import { useInfiniteQuery } from "@tanstack/react-query";
import { LoadError } from "@/components/ui/load-error";
import { LoadMore } from "@/components/ui/load-more";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";

const count = (n: number) => n.toLocaleString("en");

type Audience = { kind: "everyone" | "role" | "team"; role: "USER" | "ADMIN" | null; team: { name: string } | null };

function audienceLabel(audience: Audience): string {
  if (audience.kind === "everyone") return "everyone";
  if (audience.kind === "role") return audience.role === "ADMIN" ? "admins" : "members";
  return audience.team ? `team ${audience.team.name}` : "a deleted team";
}

export function SentAnnouncements() {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.admin.announcements.infiniteQueryOptions({ limit: 10 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  if (list.isPending) return <p className="muted">Loading…</p>;
  if (!list.data) return <LoadError what="The announcements" error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.pages.flatMap((page) => page.items);
  return (
    <>
      <p>
        <button
          type="button"
          className="button button-small button-quiet"
          disabled={list.isFetching}
          onClick={() => void list.refetch()}
        >
          {list.isFetching ? "Counting…" : "Refresh the counts"}
        </button>
      </p>
      {items.length === 0 ? (
        <p className="muted">No announcement to everyone, a role or a team yet.</p>
      ) : (
        <ol className="plain-list sent-announcements" aria-label="Sent announcements" data-testid="sent-announcements">
          {items.map((a) => (
            <li key={a.id} className="sent-announcement" data-testid="sent-announcement">
              <div>
                <strong>{a.title}</strong> <span className="muted">to {audienceLabel(a.audience)}</span>
                {a.urgent && <span className="muted"> · urgent</span>}
              </div>
              <div className="muted">
                {a.senderName ?? "A deleted account"} · <RelativeTime iso={a.createdAt} />
              </div>
              <div data-testid="announcement-reads">
                {a.reached === null ? `Read by ${count(a.read)}` : `Read by ${count(a.read)} of ${count(a.reached)}`}
              </div>
            </li>
          ))}
        </ol>
      )}
      <LoadMore list={list} label="Older announcements" />
    </>
  );
}
