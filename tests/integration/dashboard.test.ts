import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { callerFor } from "../helpers/callers";
import { createUser } from "../helpers/users";

describe("dashboard overview", () => {
  it("counts today's notifications from the reader's day start, and posts of the last hour by 5-minute bucket", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser({ name: "Bob" })]);
    const dayStart = new Date(Date.now() - 60_000);
    const old = await notify({ recipientId: alice.id, type: "system.test", title: "yesterday" });
    await db.notification.update({ where: { id: old!.id }, data: { createdAt: new Date(Date.now() - 2 * 3600_000) } });
    await notify({ recipientId: alice.id, type: "system.test", title: "today" });
    const before = await callerFor(alice).dashboard.overview({ dayStart: dayStart.toISOString() });

    const fresh = await callerFor(bob).posts.create({ title: "Just now", body: "" });
    const older = await callerFor(bob).posts.create({ title: "Twenty minutes ago", body: "" });
    await db.post.update({ where: { id: older.id }, data: { createdAt: new Date(Date.now() - 20 * 60_000) } });
    const gone = await callerFor(bob).posts.create({ title: "Two hours ago", body: "" });
    await db.post.update({ where: { id: gone.id }, data: { createdAt: new Date(Date.now() - 2 * 3600_000) } });
    await callerFor(alice).posts.addComment({ postId: fresh.id, body: "first" });

    const overview = await callerFor(alice).dashboard.overview({ dayStart: dayStart.toISOString() });
    expect(overview.notificationsToday).toBe(1);
    expect(overview.postsLastHour.total - before.postsLastHour.total).toBe(2);
    const diff = overview.postsLastHour.buckets.map((n, i) => n - before.postsLastHour.buckets[i]!);
    expect(diff).toHaveLength(12);
    expect(diff[11]).toBe(1); // the last five minutes
    expect(diff[7]).toBe(1); // 20-25 minutes ago
    expect(overview.latestActivity.slice(0, 2)).toMatchObject([
      { kind: "comment", postId: fresh.id, title: "Just now" },
      { kind: "post", id: fresh.id, who: "Bob" },
    ]);
    expect(overview.heads.feed).toBeGreaterThan(before.heads.feed);
  });

  it("refuses a day start that is not a date-time, and signed-out readers", async () => {
    const alice = await createUser();
    await expect(callerFor(alice).dashboard.overview({ dayStart: "yesterday" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(null).dashboard.overview({ dayStart: new Date().toISOString() })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
