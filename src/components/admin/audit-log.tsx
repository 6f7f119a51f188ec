"use client";
// The audit log: every admin action, newest first, a page at a time.
import { useInfiniteQuery } from "@tanstack/react-query";
import { LoadError } from "@/components/ui/load-error";
import { LoadMore } from "@/components/ui/load-more";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";

const actions: Record<string, string> = {
  "notification.sent": "sent a notification to",
  "maintenance.scheduled": "scheduled maintenance:",
  "maintenance.cancelled": "cancelled maintenance:",
  "announcement.sent": "sent an announcement to",
  "team.created": "created the team",
  "team.renamed": "renamed a team to",
  "team.deleted": "deleted the team",
  "team.member-added": "added",
  "team.member-removed": "removed",
  "post.deleted": "deleted someone else's post",
  "comment.deleted": "deleted someone else's comment:",
  "message.deleted": "deleted someone else's message:",
  "import.cancelled": "cancelled someone else's import of",
  "dead-letter.resolved": "marked resolved the dead letter",
  "dead-letter.retried": "sent again the dead letter",
  "user.role-changed": "changed the role of",
};

/** What follows the target, for actions whose details say more. */
function afterTarget(entry: { action: string; details: Record<string, unknown> }): string {
  if (entry.action === "user.role-changed") return entry.details.to === "ADMIN" ? " to admin" : " to user";
  return "";
}

export function AuditLog() {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.admin.auditLog.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  if (list.isPending) return <p className="muted">Loading…</p>;
  if (!list.data) return <LoadError what="The audit log" error={list.error} onRetry={() => void list.refetch()} />;
  const entries = list.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) return <p className="muted">No admin actions yet.</p>;
  return (
    <>
      <ol className="plain-list audit-log" data-testid="audit-log">
        {entries.map((entry) => (
          <li key={entry.id} data-testid="audit-entry">
            <strong>{entry.actor.name}</strong> {actions[entry.action] ?? entry.action} {entry.target}
            {afterTarget(entry)}{" "}
            <span className="muted">
              · <RelativeTime iso={entry.at} />
            </span>
          </li>
        ))}
      </ol>
      <LoadMore list={list} label="Older entries" />
    </>
  );
}
