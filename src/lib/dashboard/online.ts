// The "Online now" list, framework-free: the newest ONLINE_SHOWN
// people online and how many more there are. The server keeps who is online
// (OnlineUser, from the realtime server's webhooks), so the list has no
// presence channel's 100-member limit; `people.online` events move it by diff.
import type { EventData, OnlinePersonView } from "@/lib/events";

/** How many people the list names; the rest are "and N more". */
export const ONLINE_SHOWN = 12;

export type OnlineList = { people: OnlinePersonView[]; count: number };

/**
 * The list after a `people.online` event. `stale` says the list can no
 * longer tell who is shown (someone shown left while more are online, or the
 * event asks for a reload): read it again from the server.
 */
export function onlineListWithEvent(list: OnlineList, data: EventData<"people.online">): OnlineList & { stale: boolean } {
  if (data.reload) return { ...list, count: data.count, stale: true };
  const gone = new Set([...data.left, ...data.joined.map((p) => p.id)]);
  const kept = list.people.filter((p) => !gone.has(p.id));
  const people = [...data.joined, ...kept].slice(0, ONLINE_SHOWN);
  const stale = people.length < Math.min(data.count, ONLINE_SHOWN);
  return { people, count: data.count, stale };
}

/** "and 3 more", or null when everyone online is named. */
export function moreLine(list: OnlineList): string | null {
  const more = list.count - list.people.length;
  return more > 0 ? `and ${more} more` : null;
}
