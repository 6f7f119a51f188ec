// Announcements to everyone, a role or a team push to the devices of the
// people they reach: sending writes one Broadcast row and queues one job in
// the same transaction; the real worker walks only the people with a push
// subscription, in batches, and each device receives an encrypted push
// (decrypted here as the browser would) titled as the announcement and
// carrying the person's inbox copy id. People with a tab open, who turned
// announcement pushes off, or in quiet hours (unless urgent) get none.
import { afterAll, describe, expect, it } from "vitest";
import { announcementPushQueue } from "@/server/broadcasts/announcement-push";
import { broadcastCopyId } from "@/server/notifications/copy-broadcasts";
import { db } from "@/server/db";
import type { PushPayload } from "@/server/notifications/push/send-push";
import { QUEUE_SCHEMA } from "@/server/job-queue";
import { callerFor } from "../helpers/callers";
import { browserKeys, decrypt, localPushService, type BrowserKeys } from "../helpers/push-service";
import { testWorker } from "../helpers/test-worker";
import { createUser } from "../helpers/users";

testWorker("announcement-push-test");
const pushService = localPushService();

/** Each subscribed person's browser keys, by user id (the endpoint's path). */
const browsers = new Map<string, BrowserKeys>();

afterAll(async () => {
  // The other files share this database: take the bulk people away again.
  await db.user.deleteMany({ where: { email: { endsWith: "@push-bulk.example" } } });
});

/** Subscribes the person's (simulated) browser through the real procedure. */
async function subscribe(user: Awaited<ReturnType<typeof createUser>>) {
  const browser = browserKeys();
  browsers.set(user.id, browser);
  await callerFor(user).push.subscribe({ endpoint: `${pushService.origin}/push/${user.id}`, keys: browser.keys });
}

/** Waits until every job of the announcement's pushes has completed (none failed). */
async function pushesDone(broadcastId: string) {
  await expect
    .poll(
      async () => {
        const [row] = await db.$queryRawUnsafe<{ total: number; completed: number }[]>(
          `SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'completed')::int AS completed
           FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND singleton_key = $2`,
          announcementPushQueue.name,
          broadcastId,
        );
        return row!.total > 0 && row!.total === row!.completed;
      },
      { timeout: 20_000, interval: 100 },
    )
    .toBe(true);
}

/** Every push the local push service accepted for a subscribed browser, decrypted. */
function received(): { userId: string; payload: PushPayload }[] {
  return pushService.received.flatMap((push) => {
    const userId = push.path.replace("/push/", "");
    const browser = browsers.get(userId);
    return browser ? [{ userId, payload: JSON.parse(decrypt(push.body, browser)) as PushPayload }] : [];
  });
}

/** Who got a push for the announcement (its copy id names them). */
function pushedFor(broadcastId: string) {
  return received().filter((r) => r.payload.id.startsWith(`bc_${broadcastId}_`));
}

/** Quiet hours from an hour ago to an hour ahead, on the UTC clock. */
function quietNow() {
  const now = new Date();
  const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
  return { quietStart: (minute + 1440 - 60) % 1440, quietEnd: (minute + 60) % 1440, timeZone: "UTC" };
}

describe("announcement pushes", () => {
  it("to everyone: pushes exactly the subscribed people without a tab open, after one write at send time", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const alice = await createUser();
    const bob = await createUser();
    const carol = await createUser();
    await subscribe(alice);
    await subscribe(bob);
    // Carol has a device too, but a tab open: the live event reaches her there.
    await subscribe(carol);
    await db.onlineUser.create({ data: { userId: carol.id } });
    // 600 more people, more than one batch of 500, all with a device and a
    // tab open but one, whose id sorts last (so it is in the second batch).
    await db.$executeRaw`
      INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt")
      SELECT 'pushbulk' || lpad(g::text, 4, '0'), 'pb' || g || '@push-bulk.example', 'Bulk ' || g, 'not-a-hash', now()
      FROM generate_series(1, 600) g`;
    await db.$executeRaw`
      INSERT INTO "PushSubscription" (id, "userId", endpoint, p256dh, auth)
      SELECT 'pbs' || g, 'pushbulk' || lpad(g::text, 4, '0'), ${pushService.origin} || '/push/pushbulk' || lpad(g::text, 4, '0'), 'x', 'x'
      FROM generate_series(1, 599) g`;
    await db.$executeRaw`
      INSERT INTO "OnlineUser" ("userId") SELECT 'pushbulk' || lpad(g::text, 4, '0') FROM generate_series(1, 599) g`;
    const last = await createUser();
    await db.$executeRaw`UPDATE "User" SET id = 'pushbulk9999' WHERE id = ${last.id}`;
    const lastPerson = { ...last, id: "pushbulk9999" };
    await subscribe(lastPerson);
    const notificationsBefore = await db.notification.count();
    const broadcastsBefore = await db.broadcast.count();

    const sent = await callerFor(admin).admin.sendAnnouncement({
      audience: { kind: "everyone" },
      title: "Office closed Friday",
      body: "Enjoy the long weekend.",
    });
    const id = sent.broadcastId!;

    await pushesDone(id);
    const pushed = pushedFor(id);
    expect(pushed.map((p) => p.userId).sort()).toEqual([alice.id, bob.id, lastPerson.id].sort());
    for (const push of pushed) {
      expect(push.payload).toEqual({
        id: broadcastCopyId(id, push.userId),
        title: "Office closed Friday",
        body: "Enjoy the long weekend.",
        link: "/inbox",
      });
    }
    // The walk took two jobs (500, then the rest), and wrote no inbox rows.
    const [jobs] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND singleton_key = $2`,
      announcementPushQueue.name,
      id,
    );
    expect(jobs!.n).toBe(2);
    expect(await db.broadcast.count()).toBe(broadcastsBefore + 1);
    expect(await db.notification.count()).toBe(notificationsBefore);
  }, 60_000);

  it("queues the first job in the sending transaction", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const sent = await callerFor(admin).admin.sendAnnouncement({ audience: { kind: "role", role: "ADMIN" }, title: "Admins only" });
    const [row] = await db.$queryRawUnsafe<{ same: boolean }[]>(
      `SELECT j.xmin::text = (SELECT xmin::text FROM "Broadcast" WHERE id = $2) AS same
       FROM ${QUEUE_SCHEMA}.job j WHERE j.name = $1 AND j.singleton_key = $2 AND j.data->>'afterUserId' IS NULL`,
      announcementPushQueue.name,
      sent.broadcastId,
    );
    expect(row?.same).toBe(true);
    await pushesDone(sent.broadcastId!);
  });

  it("to a team: pushes only its members, and not those who turned announcement pushes off", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const member = await createUser();
    const pushOff = await createUser();
    const outsider = await createUser();
    for (const person of [member, pushOff, outsider]) await subscribe(person);
    const team = await db.team.create({ data: { name: `Push team ${member.id}` } });
    await db.teamMember.createMany({ data: [member, pushOff].map((p) => ({ teamId: team.id, userId: p.id })) });
    await callerFor(pushOff).preferences.setType({ type: "broadcast", choice: "app" });

    const sent = await callerFor(admin).admin.sendAnnouncement({
      audience: { kind: "team", teamId: team.id },
      title: "Team lunch",
      body: "Noon, usual place.",
      link: "/posts",
    });

    await pushesDone(sent.broadcastId!);
    expect(pushedFor(sent.broadcastId!)).toEqual([
      {
        userId: member.id,
        payload: { id: broadcastCopyId(sent.broadcastId!, member.id), title: "Team lunch", body: "Noon, usual place.", link: "/posts" },
      },
    ]);
    // Still in their inbox (the choice was "in the app only"), with the pushed id.
    const inbox = await callerFor(pushOff).notifications.list({});
    expect(inbox.items.map((n) => n.id)).toContain(broadcastCopyId(sent.broadcastId!, pushOff.id));
  });

  it("holds a non-urgent one back in quiet hours, but not an urgent one", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const sleeper = await createUser();
    await subscribe(sleeper);
    await db.user.update({ where: { id: sleeper.id }, data: quietNow() });
    const team = await db.team.create({ data: { name: `Quiet team ${sleeper.id}` } });
    await db.teamMember.create({ data: { teamId: team.id, userId: sleeper.id } });

    const calm = await callerFor(admin).admin.sendAnnouncement({ audience: { kind: "team", teamId: team.id }, title: "Newsletter" });
    const urgent = await callerFor(admin).admin.sendAnnouncement({
      audience: { kind: "team", teamId: team.id },
      title: "Fire drill now",
      urgent: true,
    });

    await pushesDone(calm.broadcastId!);
    await pushesDone(urgent.broadcastId!);
    expect(pushedFor(calm.broadcastId!)).toEqual([]);
    expect(pushedFor(urgent.broadcastId!).map((p) => [p.userId, p.payload.title])).toEqual([[sleeper.id, "Fire drill now"]]);
  });
});
