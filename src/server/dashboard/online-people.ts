// "People online now": a person is online while their private-user channel
// (which every signed-in tab subscribes to) is occupied. The Pusher-protocol
// server reports occupied/vacated channels by webhook, so the count needs no
// presence channel and has no 100-member limit. Webhooks can be lost (the app
// was down), so `reconcileOnlinePeople` rebuilds the set from the server's
// list of occupied channels.
import type Pusher from "pusher";
import { db } from "../db";
import { channels } from "../realtime/channels";
import { appendEvent, lockChannel, transactionWithEvents } from "../realtime/outbox";

const USER_CHANNEL = /^private-user\.([A-Za-z0-9_-]{1,64})$/;

export type ChannelWebhookEvent = { name: string; channel?: string };

function userIdOf(channel: string | undefined): string | null {
  return channel ? (USER_CHANNEL.exec(channel)?.[1] ?? null) : null;
}

/** Applies occupied/vacated events; publishes the new count when it changed. */
export async function applyChannelWebhook(events: ChannelWebhookEvent[]) {
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
    if ("exactly" in change) {
      await tx.onlineUser.deleteMany({ where: { userId: { notIn: change.exactly } } });
    } else if (change.remove.length) {
      await tx.onlineUser.deleteMany({ where: { userId: { in: change.remove } } });
    }
    const add = "exactly" in change ? change.exactly : change.add;
    if (add.length) {
      // Only accounts that exist: a channel name is not proof of a user.
      const users = await tx.user.findMany({ where: { id: { in: add } }, select: { id: true } });
      await tx.onlineUser.createMany({ data: users.map((u) => ({ userId: u.id })), skipDuplicates: true });
    }
    const count = await tx.onlineUser.count();
    if (count !== before) await appendEvent(tx, channels.feed(), "people.online", { count });
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
