"use client";
// The teams the person belongs to. Each team's channel keeps its row live:
// a rename, a member coming or going, the person's own removal or the team's
// deletion show without a reload. (Being added shows on the next load: the
// person was not yet on the team's channel to hear it.)
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useChannelEvents } from "@/components/realtime/use-channel-events";
import { LoadError } from "@/components/ui/load-error";
import type { EventEnvelope } from "@/lib/events";
import { channels } from "@/lib/realtime/channel-names";
import { useTRPC } from "@/trpc/react";

type MyTeam = { id: string; name: string; memberCount: number; head: number };

/** A team's row after one of its channel's events (null: the person is no longer in it). */
function applyTeamEvent(team: MyTeam, event: EventEnvelope, viewerId: string): MyTeam | null {
  // Already in the loaded state: events must be idempotent (see useChannelEvents).
  if (event.id <= team.head) return team;
  const next = { ...team, head: event.id };
  switch (event.type) {
    case "team.renamed":
      return { ...next, name: event.data.team.name };
    case "team.member-added":
      return { ...next, memberCount: next.memberCount + 1 };
    case "team.member-removed":
      return event.data.userId === viewerId ? null : { ...next, memberCount: Math.max(0, next.memberCount - 1) };
    case "team.deleted":
      return null;
    default:
      return next;
  }
}

export function MyTeams({ viewerId }: { viewerId: string }) {
  const trpc = useTRPC();
  const teams = useQuery(trpc.teams.mine.queryOptions());

  if (teams.isPending) return <p className="muted">Loading your teams…</p>;
  if (teams.isError) return <LoadError what="Your teams" error={teams.error} onRetry={() => void teams.refetch()} />;
  if (teams.data.length === 0) return <p className="muted">You are not in any team yet. An admin can add you to one.</p>;
  return (
    <ul className="plain-list" aria-label="Your teams" data-testid="my-teams">
      {teams.data.map((team) => (
        <MyTeamRow key={team.id} team={team} viewerId={viewerId} />
      ))}
    </ul>
  );
}

function MyTeamRow({ team, viewerId }: { team: MyTeam; viewerId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.teams.mine.queryOptions();

  useChannelEvents({
    channel: channels.team(team.id),
    baselineId: team.head,
    onEvent(event) {
      queryClient.setQueryData(options.queryKey, (list) =>
        list?.flatMap((t) => {
          if (t.id !== team.id) return [t];
          const next = applyTeamEvent(t, event, viewerId);
          return next ? [{ ...t, ...next }] : [];
        }),
      );
    },
    async onReset() {
      const fresh = await queryClient.fetchQuery({ ...options, staleTime: 0 });
      return fresh.find((t) => t.id === team.id)?.head ?? team.head;
    },
  });

  return (
    <li>
      <strong>{team.name}</strong>{" "}
      <span className="muted">
        · {team.memberCount} {team.memberCount === 1 ? "member" : "members"}
      </span>
    </li>
  );
}
