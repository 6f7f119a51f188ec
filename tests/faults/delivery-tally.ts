// What a fault did to delivery, counted the same way in every fault test.
// Each followed channel is read as the browser reads it (a ChannelSequencer
// fed by pusher-js, catching up through the tRPC API after every
// (re)subscription and every gap); once the outbox is drained, what the
// clients applied is compared with what the database committed:
//   committed  events in the outbox on the followed channels (after the baseline)
//   delivered  committed events the clients applied: live, or fetched by catch-up
//   lost       committed but never applied, even after catch-up
//   dup. applied  an event applied more than once
//   phantom    applied but not committed (no such event, or not the committed one)
//   redelivered   a copy that reached the socket again and was dropped by id
//                 (at-least-once on the wire: allowed, and shown)
import { expect } from "vitest";
import type { EventEnvelope } from "@/lib/events";
import type { SessionUser } from "@/server/auth";
import { db } from "@/server/db";
import { channelHead } from "@/server/realtime/outbox";
import { callerFor } from "../helpers/callers";
import type { RealtimeTestClient } from "../helpers/realtime-client";

export type Follower = {
  channel: string;
  tab: RealtimeTestClient;
  baseline: number;
  follow: ReturnType<RealtimeTestClient["followLikeBrowser"]>;
};

/** Loads the channel's head, subscribes `tab` and follows the channel as `user`'s browser would. */
export async function followChannel(tab: RealtimeTestClient, user: SessionUser, channel: string): Promise<Follower> {
  const baseline = await channelHead(db, channel);
  const outcome = await tab.subscribe(channel);
  if (!outcome.ok) throw new Error(`${channel}: subscription refused (${outcome.status})`);
  const follow = tab.followLikeBrowser(channel, {
    baselineId: baseline,
    catchUp: (afterId) => callerFor(user).realtime.catchUp({ channel, afterId }),
  });
  return { channel, tab, baseline, follow };
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

export type Tally = {
  fault: string;
  committed: number;
  delivered: number;
  live: number;
  caughtUp: number;
  lost: number;
  duplicatesApplied: number;
  phantom: number;
  redelivered: number;
  /** Notification rows committed, and the notification.created events among the committed ones. */
  notifications: number;
  notificationEvents: number;
  failedWrites: number;
  imports: { terminal: number; total: number } | null;
};

/**
 * Waits until the outbox has sent everything on the followed channels and
 * every follower has applied its channel's head (or gives up waiting after
 * `timeoutMs`: what is missing then is counted as lost), then counts.
 */
export async function tally(
  fault: string,
  followers: Follower[],
  extra: { recipientIds: string[]; failedWrites: number; imports?: { terminal: number; total: number } },
  timeoutMs = 60_000,
): Promise<Tally> {
  const channels = [...new Set(followers.map((f) => f.channel))];
  await until(async () => (await db.outboxEvent.count({ where: { channel: { in: channels }, publishedAt: null } })) === 0, timeoutMs);
  await until(async () => {
    for (const f of followers) if (f.follow.sequencer.lastAppliedId < (await channelHead(db, f.channel))) return false;
    return true;
  }, timeoutMs);
  // A late duplicate (a batch sent twice) would show up within this.
  await new Promise((r) => setTimeout(r, 300));

  let committed = 0;
  let delivered = 0;
  let live = 0;
  let lost = 0;
  let duplicatesApplied = 0;
  let phantom = 0;
  let redelivered = 0;
  let notificationEvents = 0;
  const appliedNotifications = new Map<string, string>();
  for (const f of followers) {
    const rows = await db.outboxEvent.findMany({
      where: { channel: f.channel, seq: { gt: BigInt(f.baseline) } },
      select: { seq: true, type: true },
    });
    const committedTypes = new Map(rows.map((r) => [Number(r.seq), r.type]));
    committed += rows.length;
    notificationEvents += rows.filter((r) => r.type === "notification.created").length;

    const seen = new Map<number, { event: EventEnvelope; live: boolean; times: number }>();
    f.follow.applied.forEach((event, i) => {
      const entry = seen.get(event.id);
      if (entry) entry.times++;
      else seen.set(event.id, { event, live: f.follow.sources[i] === "live", times: 1 });
    });
    for (const [id, { event, live: wasLive, times }] of seen) {
      duplicatesApplied += times - 1;
      if (committedTypes.get(id) !== event.type) {
        phantom++;
        continue;
      }
      delivered++;
      if (wasLive) live++;
      if (event.type === "notification.created") appliedNotifications.set(event.data.notification.id, event.data.notification.title);
    }
    for (const id of committedTypes.keys()) if (!seen.has(id)) lost++;
    const wire = f.tab.events(f.channel).filter((e) => e.id > f.baseline);
    redelivered += wire.length - new Set(wire.map((e) => e.id)).size;
  }
  // An applied notification must be the committed one: same row, same title.
  const rows = await db.notification.findMany({
    where: { id: { in: [...appliedNotifications.keys()] } },
    select: { id: true, title: true },
  });
  const stored = new Map(rows.map((r) => [r.id, r.title]));
  for (const [id, title] of appliedNotifications) {
    if (stored.get(id) !== title) {
      phantom++;
      delivered--;
    }
  }
  const notifications = await db.notification.count({ where: { recipientId: { in: extra.recipientIds } } });
  return {
    fault,
    committed,
    delivered,
    live,
    caughtUp: delivered - live,
    lost,
    duplicatesApplied,
    phantom,
    redelivered,
    notifications,
    notificationEvents,
    failedWrites: extra.failedWrites,
    imports: extra.imports ?? null,
  };
}

const TALLY_HEADER =
  "| Fault | notifications committed | events committed | delivered (live + catch-up) | lost | duplicates applied | phantom | redelivered, dropped by id | writes the fault failed | imports terminal |\n" +
  "|---|---|---|---|---|---|---|---|---|---|";

function tallyRow(t: Tally): string {
  const imports = t.imports ? `${t.imports.terminal} of ${t.imports.total}` : "–";
  return (
    `| ${t.fault} | ${t.notifications} | ${t.committed} | ${t.delivered} (${t.live} + ${t.caughtUp}) | ${t.lost} | ` +
    `${t.duplicatesApplied} | ${t.phantom} | ${t.redelivered} | ${t.failedWrites} | ${imports} |`
  );
}

/** Prints the fault's row under the table's header (docs/operations.md's table is made of these). */
export function printTally(t: Tally): void {
  console.log(`\n${TALLY_HEADER}\n${tallyRow(t)}\n`);
}

/** The promise every fault test checks: nothing lost, nothing invented, nothing applied twice, no run left hanging. */
export function expectOutboxPromiseKept(t: Tally, minimumNotifications = 500): void {
  expect(t.notifications).toBeGreaterThanOrEqual(minimumNotifications);
  // Every committed notification has its event, and no event lacks its row.
  expect(t.notificationEvents).toBe(t.notifications);
  expect({ lost: t.lost, phantom: t.phantom, duplicatesApplied: t.duplicatesApplied }).toEqual({
    lost: 0,
    phantom: 0,
    duplicatesApplied: 0,
  });
  expect(t.delivered).toBe(t.committed);
  if (t.imports) expect(t.imports.terminal).toBe(t.imports.total);
}
