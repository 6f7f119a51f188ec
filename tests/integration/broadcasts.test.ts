// Journey: an admin's announcement to everyone with 100,000 people signed up
// is one row and one event at send time; each person's copy appears in their
// inbox and badge when they look, and their read state is kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { broadcastCopyId } from "@/server/notifications/copy-broadcasts";
import { callerFor } from "../helpers/callers";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const SEEDED = 100_000;
const { client } = liveHarness();

beforeAll(async () => {
  await db.$executeRaw`
    INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt")
    SELECT 'bulk' || g, 'bulk' || g || '@bulk.example', 'Bulk ' || g, 'not-a-hash', now()
    FROM generate_series(1, ${SEEDED}::int) g`;
}, 120_000);

afterAll(async () => {
  // The other files share this database: take the 100,000 people away again
  // (without per-row foreign-key checks; their only rows are removed first).
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`DELETE FROM "Notification" WHERE "recipientId" LIKE 'bulk%'`;
    await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
    await tx.$executeRaw`DELETE FROM "User" WHERE email LIKE '%@bulk.example'`;
  });
}, 120_000);

/** Rows the transaction that wrote the broadcast inserted or updated, per table. */
async function rowsWrittenWith(broadcastId: string) {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  const written: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${name}" WHERE xmin = (SELECT xmin FROM "Broadcast" WHERE id = $1)`,
      broadcastId,
    );
    if (row && row.n > 0) written[name] = row.n;
  }
  return written;
}

describe("announcements to everyone", () => {
  it("with 100,000 people: one broadcast row, one event, no per-person writes at send time", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const listener = client({ id: "bulk42", email: "bulk42@bulk.example", name: "Bulk 42", role: "USER" });
    expect(await listener.subscribe(channels.broadcasts())).toEqual({ ok: true });
    const notificationsBefore = await db.notification.count();
    const eventsBefore = await db.outboxEvent.count();
    const usersEverCopied = await db.user.count({ where: { broadcastSeq: { gt: 0 } } });

    const sent = await callerFor(admin).admin.sendAnnouncement({
      audience: { kind: "everyone" },
      title: "Planned upgrade tonight",
      body: "Expect a minute of downtime at 22:00.",
    });

    expect(sent.recipients).toBeGreaterThanOrEqual(SEEDED);
    // The publisher may already have marked the event sent (a later write),
    // so the outbox is counted apart.
    const written = await rowsWrittenWith(sent.broadcastId!);
    delete written.OutboxEvent;
    expect(written).toEqual({ Broadcast: 1, ChannelSequence: 1, AuditEntry: 1 });
    expect(await db.outboxEvent.count()).toBe(eventsBefore + 1);
    expect(await db.notification.count()).toBe(notificationsBefore);
    expect(await db.user.count({ where: { broadcastSeq: { gt: 0 } } })).toBe(usersEverCopied);

    const events = await listener.waitForEvents(channels.broadcasts(), 1);
    expect(events.map((e) => e.type)).toEqual(["broadcast.sent"]);
    expect(events[0]!.data).toMatchObject({ broadcast: { id: sent.broadcastId, title: "Planned upgrade tonight" } });
    await new Promise((r) => setTimeout(r, 300));
    expect(listener.events(channels.broadcasts())).toHaveLength(1);
  }, 120_000);

  it("appears in a person's inbox and badge when they look, and their read state is kept", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const alice = await createUser();
    const bob = await createUser();
    const tab = client(alice);
    await tab.subscribe(channels.user(alice.id));

    const sent = await callerFor(admin).admin.sendAnnouncement({
      audience: { kind: "everyone" },
      title: "Welcome to the new dashboard",
    });
    const copyId = broadcastCopyId(sent.broadcastId!, alice.id);

    const summary = await callerFor(alice).notifications.summary();
    expect(summary.unreadCount).toBe(1);
    expect(summary.pending).toEqual([]);
    expect(summary.latest[0]).toMatchObject({ id: copyId, type: "broadcast", title: "Welcome to the new dashboard", readAt: null });
    const page = await callerFor(alice).notifications.list({ limit: 10, unreadOnly: true });
    expect(page.items.map((n) => n.id)).toEqual([copyId]);

    // Read in one tab: the event tells the others, and it stays read.
    await callerFor(alice).notifications.markRead({ id: copyId });
    const [readEvent] = await tab.waitForEvents(channels.user(alice.id), 1);
    expect(readEvent).toMatchObject({ type: "notification.read", data: { ids: [copyId], unreadCount: 0 } });
    expect((await callerFor(alice).notifications.summary()).unreadCount).toBe(0);
    expect(await callerFor(alice).notifications.unreadCount()).toBe(0);

    // Bob's copy is his own: still unread, made only now that he looks.
    expect(await db.notification.count({ where: { recipientId: bob.id } })).toBe(0);
    expect(await callerFor(bob).notifications.unreadCount()).toBe(1);
    expect(await db.notification.count({ where: { broadcastId: sent.broadcastId } })).toBe(2);
  });

  it("a broadcast sent after the inbox was copied is pending in the summary, counted once", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const carol = await createUser();
    await callerFor(carol).notifications.summary();
    const sent = await callerFor(admin).admin.sendAnnouncement({ audience: { kind: "everyone" }, title: "Later news" });
    // A notification event computed now includes it (the count copies first).
    const tab = client(carol);
    await tab.subscribe(channels.user(carol.id));
    await callerFor(admin).notifications.send({ recipientEmail: carol.email, title: "Direct" });
    const [created] = await tab.waitForEvents(channels.user(carol.id), 1);
    expect(created).toMatchObject({ type: "notification.created", data: { unreadCount: 2 } });
    const seq = (await db.broadcast.findUniqueOrThrow({ where: { id: sent.broadcastId! } })).seq;
    expect(created!.type === "notification.created" && created!.data.broadcastSeq).toBeGreaterThanOrEqual(seq);
  });

  it("to one role reaches only people with that role", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const otherAdmin = await createUser({ role: "ADMIN" });
    const user = await createUser();
    const preview = await callerFor(admin).admin.previewAnnouncement({ audience: { kind: "role", role: "ADMIN" } });
    expect(preview.recipients).toBe(await db.user.count({ where: { role: "ADMIN" } }));
    await callerFor(admin).admin.sendAnnouncement({ audience: { kind: "role", role: "ADMIN" }, title: "Admins only" });
    expect((await callerFor(otherAdmin).notifications.list({ limit: 5, unreadOnly: false })).items[0]?.title).toBe("Admins only");
    expect((await callerFor(user).notifications.list({ limit: 5, unreadOnly: false })).items.map((n) => n.title)).not.toContain(
      "Admins only",
    );
    // And the role's channel is refused to the others.
    const tab = client(user);
    expect(await tab.subscribe(channels.role("ADMIN"))).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses people who are not admins, and writes nothing", async () => {
    const user = await createUser();
    const before = await db.broadcast.count();
    await expect(
      callerFor(user).admin.sendAnnouncement({ audience: { kind: "everyone" }, title: "Hi" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(admin0()).admin.sendAnnouncement({ audience: { kind: "everyone" }, title: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await db.broadcast.count()).toBe(before);
  });
});

function admin0() {
  return { id: "nobody", email: "nobody@test.example", name: "Nobody", role: "ADMIN" as const };
}
