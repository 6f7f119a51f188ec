// "People online now": a person is online while their private-user channel
// (which every signed-in tab subscribes to) is occupied. The Pusher-protocol
// server reports occupied/vacated channels by webhook, so the count needs no
// presence channel and has no 100-member limit. Webhooks can be lost (the app
// was down), so `reconcileOnlinePeople` rebuilds the set from the server's
// list of occupied channels.
import "server-only";
import type Pusher from "pusher";
import type { OnlinePersonView } from "@/lib/events";
import { ONLINE_SHOWN } from "@/lib/dashboard/online";
import { thumbnailUrl } from "@/lib/uploads";
import { db, type Db, type Tx } from "../db";
import { channels } from "@/lib/realtime/channel-names";
import { appendEvent, channelHead, lockChannel, transactionWithEvents } from "../realtime/outbox";

const USER_CHANNEL = /^private-user\.([A-Za-z0-9_-]{1,64})$/;

export type ChannelWebhookEvent = { name: string; channel?: string };

function userIdOf(channel: string | undefined): string | null {
  return channel ? (USER_CHANNEL.exec(channel)?.[1] ?? null) : null;
}

/** Applies occupied/vacated events; publishes the new count when it changed. */
export async function applyChannelWebhook({ events }: { events: ChannelWebhookEvent[] }) {
  // The last word about a user in this batch wins.
  const last = new Map<string, "occupied" | "vacated">();
  for (const event of events) {
    const userId = userIdOf(event.channel);
    if (!userId) continue;
    if (event.name === "channel_occupied") last.set(userId, "occupied");
    if (event.name === "channel_vacated") last.set(userId, "vacated");
  }
  if (last.size === 0) return null;
  const ids = (state: "occupied" | "vacated") => [...last].filter(([, s]) => s === state).map(([id]) => id);
  return setOnline({ add: ids("occupied"), remove: ids("vacated") });
}

async function setOnline(change: { add: string[]; remove: string[] } | { exactly: string[] }) {
  return transactionWithEvents(db, async (tx) => {
    // Webhooks arrive concurrently: under the feed channel's lock each one
    // sees the count the previous one left, so every event's count is exact.
    await lockChannel(tx, channels.feed());
    const before = await tx.onlineUser.count();
    let left: string[];
    if ("exactly" in change) {
      const gone = await tx.onlineUser.findMany({ where: { userId: { notIn: change.exactly } }, select: { userId: true } });
      left = gone.map((g) => g.userId);
      if (left.length) await tx.onlineUser.deleteMany({ where: { userId: { in: left } } });
    } else if (change.remove.length) {
      const gone = await tx.onlineUser.findMany({ where: { userId: { in: change.remove } }, select: { userId: true } });
      left = gone.map((g) => g.userId);
      if (left.length) await tx.onlineUser.deleteMany({ where: { userId: { in: left } } });
    } else {
      left = [];
    }
    const add = "exactly" in change ? change.exactly : change.add;
    let joined: string[] = [];
    if (add.length) {
      // Only accounts that exist: a channel name is not proof of a user.
      const users = await tx.user.findMany({ where: { id: { in: add }, online: { is: null } }, select: { id: true } });
      joined = users.map((u) => u.id);
      await tx.onlineUser.createMany({ data: joined.map((userId) => ({ userId })), skipDuplicates: true });
    }
    const count = await tx.onlineUser.count();
    if (count !== before || joined.length > 0 || left.length > 0) {
      // The list follows by diff: who came (newest first, as many as the
      // list shows) and who went. More than an event carries: read it again.
      const reload = joined.length > ONLINE_SHOWN || left.length > MAX_LEFT_IN_EVENT;
      const people = reload ? [] : await onlinePeopleByIds(tx, joined);
      await appendEvent(tx, channels.feed(), "people.online", {
        count,
        joined: people,
        left: reload ? [] : left,
        reload,
      });
    }
    return count;
  });
}

/** Rebuilds who is online from the server's occupied channels (on start, and after lost webhooks). */
export async function reconcileOnlinePeople(pusher: Pusher): Promise<number> {
  const res = await pusher.get({ path: "/channels", params: { filter_by_prefix: "private-user." } });
  if (!res.ok) throw new Error(`listing channels answered HTTP ${res.status}`);
  const body = (await res.json()) as { channels: Record<string, unknown> };
  const online = Object.keys(body.channels).map(userIdOf).filter((id): id is string => id !== null);
  return setOnline({ exactly: online });
}

export function onlineCount(): Promise<number> {
  return db.onlineUser.count();
}

const MAX_LEFT_IN_EVENT = 200;

const onlinePersonSelect = {
  since: true,
  user: { select: { id: true, name: true, avatarUploadId: true } },
} as const;

function toOnlinePerson(row: { since: Date; user: { id: string; name: string; avatarUploadId: string | null } }): OnlinePersonView {
  return {
    id: row.user.id,
    name: row.user.name,
    avatarUrl: row.user.avatarUploadId ? thumbnailUrl(row.user.avatarUploadId) : null,
    since: row.since.toISOString(),
  };
}

/** Who came online, newest first (ties by id), as the list shows them. */
async function onlinePeopleByIds(tx: Tx, ids: string[]): Promise<OnlinePersonView[]> {
  if (ids.length === 0) return [];
  const rows = await tx.onlineUser.findMany({
    where: { userId: { in: ids } },
    orderBy: [{ since: "desc" }, { userId: "asc" }],
    select: onlinePersonSelect,
  });
  return rows.map(toOnlinePerson);
}

/**
 * "Online now": the newest ONLINE_SHOWN people online (the rest are "and N
 * more"), the count, and the feed channel's head from the same snapshot:
 * `people.online` events after it keep the list current.
 */
export function onlinePeople(options: { tx?: Db } = {}) {
  return (options.tx ?? db).$transaction(
    async (tx) => {
      const head = await channelHead(tx, channels.feed());
      const [rows, count] = await Promise.all([
        tx.onlineUser.findMany({
          orderBy: [{ since: "desc" }, { userId: "asc" }],
          take: ONLINE_SHOWN,
          select: onlinePersonSelect,
        }),
        tx.onlineUser.count(),
      ]);
      return { people: rows.map(toOnlinePerson), count, head };
    },
    { isolationLevel: "RepeatableRead" },
  );
}
