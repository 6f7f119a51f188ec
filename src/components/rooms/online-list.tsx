"use client";
import { Avatar } from "@/components/ui/avatar";
import { PersonName } from "@/components/ui/person-name";
import { RelativeTime } from "@/components/ui/relative-time";
import type { OnlineMember } from "@/components/chat/use-room-presence";

const statusLabel = { online: "online", away: "away", typing: "typing…" } as const;

/** Who is in the room now: one entry per person, however many tabs they have open. */
export function OnlineList({ members }: { members: OnlineMember[] }) {
  return (
    <section className="card room-panel" aria-labelledby="online-heading">
      <h2 id="online-heading">Online now ({members.length})</h2>
      {members.length === 0 ? (
        <p className="muted">Connecting…</p>
      ) : (
        <ul className="online-list" data-testid="online-list">
          {members.map((m) => (
            <li key={m.id} data-testid="online-member" data-user-id={m.id} data-status={m.status}>
              <Avatar name={m.name} url={m.avatarUrl} size={35} className="avatar" />
              <span className="online-name">
                {m.isMe ? m.name : <PersonName person={m} />}
                {m.isMe && <span className="muted"> (you)</span>}
              </span>
              <span className={`online-status online-status-${m.status}`}>{statusLabel[m.status]}</span>
              <span className="online-since muted">
                joined <RelativeTime iso={m.joinedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
