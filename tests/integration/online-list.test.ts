// "Online now" names who is online (avatar,
// name, since when) beyond a presence channel's 100 members, from the
// server's OnlineUser set; `people.online` events on the feed carry who came
// and went, so an open dashboard follows without reloading the list.
import { beforeAll, expect, it } from "vitest";
import { moreLine, ONLINE_SHOWN, onlineListWithEvent, type OnlineList } from "@/lib/dashboard/online";
import type { EventData, EventEnvelope } from "@/lib/events";
import { db } from "@/server/db";
import { applyChannelWebhook } from "@/server/dashboard/online-people";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client: tab } = liveHarness();

beforeAll(async () => {
  await db.onlineUser.deleteMany();
});

const occupied = (ids: string[]) => ids.map((id) => ({ name: "channel_occupied", channel: channels.user(id) }));

async function nextOnlineEvent(events: () => EventEnvelope[], after: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = events().find((e) => e.type === "people.online" && e.id > after);
    if (found) return found as EventEnvelope<"people.online">;
    if (Date.now() > deadline) throw new Error("no people.online event");
    await new Promise((r) => setTimeout(r, 20));
  }
}

it("lists the newest people online with 'and N more' past 100, and follows who comes and goes", async () => {
  const viewer = await createUser({ name: "Viewer" });
  const crowd = await Promise.all(Array.from({ length: 124 }, (_, i) => createUser({ name: `Person ${i}` })));
  await applyChannelWebhook({ events: occupied([viewer.id, ...crowd.map((p) => p.id)]) });

  const snapshot = await callerFor(viewer).dashboard.onlinePeople();
  expect(snapshot.count).toBe(125);
  expect(snapshot.people).toHaveLength(ONLINE_SHOWN);
  expect(moreLine(snapshot)).toBe(`and ${125 - ONLINE_SHOWN} more`);
  expect(snapshot.people[0]).toMatchObject({ id: expect.any(String), name: expect.any(String), avatarUrl: null, since: expect.any(String) });

  // The viewer's dashboard listens on the feed.
  const feedTab = tab(viewer);
  expect(await feedTab.subscribe(channels.feed())).toEqual({ ok: true });
  const events = () => feedTab.events(channels.feed());

  // Someone with an avatar comes online: the event names them, they top the list.
  const newcomer = await createUser({ name: "Nora Newcomer" });
  await db.user.update({ where: { id: newcomer.id }, data: { avatarUploadId: "nora-avatar" } });
  await applyChannelWebhook({ events: occupied([newcomer.id]) });
  const joined = await nextOnlineEvent(events, snapshot.head);
  expect(joined.data).toMatchObject({
    count: 126,
    joined: [{ id: newcomer.id, name: "Nora Newcomer", avatarUrl: "/api/files/nora-avatar/thumbnail" }],
    left: [],
    reload: false,
  });
  let list: OnlineList = snapshot;
  const afterJoin = onlineListWithEvent(list, joined.data as EventData<"people.online">);
  expect(afterJoin).toMatchObject({ count: 126, stale: false });
  expect(afterJoin.people[0]!.id).toBe(newcomer.id);
  expect(afterJoin.people).toHaveLength(ONLINE_SHOWN);
  list = afterJoin;

  // Someone not shown leaves: only the count moves.
  const hidden = crowd.find((p) => !list.people.some((s) => s.id === p.id))!;
  await applyChannelWebhook({ events: [{ name: "channel_vacated", channel: channels.user(hidden.id) }] });
  const leftHidden = await nextOnlineEvent(events, joined.id);
  expect(leftHidden.data).toMatchObject({ count: 125, left: [hidden.id], joined: [] });
  const afterHidden = onlineListWithEvent(list, leftHidden.data as EventData<"people.online">);
  expect(afterHidden).toMatchObject({ count: 125, stale: false });
  expect(afterHidden.people.map((p) => p.id)).toEqual(list.people.map((p) => p.id));

  // The newcomer leaves again: the list can no longer tell who is 12th, and reads again.
  await applyChannelWebhook({ events: [{ name: "channel_vacated", channel: channels.user(newcomer.id) }] });
  const leftShown = await nextOnlineEvent(events, leftHidden.id);
  const afterShown = onlineListWithEvent(afterHidden, leftShown.data as EventData<"people.online">);
  expect(afterShown).toMatchObject({ count: 124, stale: true });
  expect(afterShown.people.map((p) => p.id)).not.toContain(newcomer.id);
  const reloaded = await callerFor(viewer).dashboard.onlinePeople();
  expect(reloaded).toMatchObject({ count: 124 });
  expect(reloaded.people).toHaveLength(ONLINE_SHOWN);
  expect(reloaded.head).toBeGreaterThanOrEqual(leftShown.id);

  // Signed out: refused.
  await expect(callerFor(null).dashboard.onlinePeople()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
});
