// The admin's console: maintenance windows reach every open page (signed in
// or not) on the public system channel, every admin action lands in the
// audit log, and nobody else may call any admin procedure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { startTestPublisher } from "../helpers/publisher";
import { RealtimeTestClient } from "../helpers/realtime-client";
import { createUser } from "../helpers/users";

let publisher: ReturnType<typeof startTestPublisher>;
beforeAll(() => {
  publisher = startTestPublisher();
});
afterAll(() => publisher.stop());

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe("moderation", () => {
  it("an admin deleting someone else's post, comment or room message is audited; people deleting their own are not", async () => {
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN", name: "Mo Derator" }), createUser()]);
    const post = await callerFor(alice).posts.create({ title: "Spam?", body: "" });
    const comment = await callerFor(alice).posts.addComment({ postId: post.id, body: "buy now" });
    const own = await callerFor(alice).posts.create({ title: "Mine to delete", body: "" });
    const room = await callerFor(alice).rooms.create({ name: `Lobby ${Date.now()}`, visibility: "PUBLIC" });
    const message = await callerFor(alice).rooms.send({ roomId: room.id, body: "hello" });

    await callerFor(alice).posts.delete({ id: own.id });
    await callerFor(admin).posts.deleteComment({ id: comment.id });
    await callerFor(admin).posts.delete({ id: post.id });
    await callerFor(admin).rooms.deleteMessage({ id: message.message.id });

    const log = await callerFor(admin).admin.auditLog({ limit: 50 });
    expect(log.items.filter((e) => e.actor.name === "Mo Derator").map((e) => e.action)).toEqual([
      "message.deleted",
      "post.deleted",
      "comment.deleted",
    ]);
    expect(log.items.some((e) => e.target === "Mine to delete")).toBe(false);
  });
});

describe("maintenance windows", () => {
  it("reach a signed-out visitor's page live, and show on a page loaded during the window", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const visitor = new RealtimeTestClient(null);
    try {
      expect(await visitor.subscribe(channels.system())).toEqual({ ok: true });
      const before = (await callerFor(null).system.maintenance()).head;

      const window = await callerFor(admin).admin.scheduleMaintenance({
        message: "Database upgrade",
        startsAt: inMinutes(-1),
        endsAt: inMinutes(30),
      });

      const [event] = await visitor.waitForEvents(channels.system(), 1);
      expect(event).toMatchObject({ id: before + 1, type: "maintenance.scheduled", data: { window } });
      const loaded = await callerFor(null).system.maintenance();
      expect(loaded.head).toBe(before + 1);
      expect(loaded.windows).toContainEqual(window);
      expect(Math.abs(Date.parse(loaded.serverNow) - Date.now())).toBeLessThan(60_000);
    } finally {
      visitor.disconnect();
    }
  });

  it("a cancelled window goes away for everyone, and both actions are in the audit log", async () => {
    const admin = await createUser({ role: "ADMIN", name: "Ada Auditor" });
    const window = await callerFor(admin).admin.scheduleMaintenance({
      message: "Short outage",
      startsAt: inMinutes(10),
      endsAt: inMinutes(20),
    });
    await callerFor(admin).admin.cancelMaintenance({ id: window.id });

    expect((await callerFor(null).system.maintenance()).windows.map((w) => w.id)).not.toContain(window.id);
    const log = await callerFor(admin).admin.auditLog({ limit: 10 });
    const mine = log.items.filter((entry) => entry.actor.name === "Ada Auditor");
    expect(mine.map((entry) => [entry.action, entry.target])).toEqual([
      ["maintenance.cancelled", "Short outage"],
      ["maintenance.scheduled", "Short outage"],
    ]);
    await expect(callerFor(admin).admin.cancelMaintenance({ id: window.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses a window that ends before it starts, or has ended, and stores nothing", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const count = await db.maintenanceWindow.count();
    const audits = await db.auditEntry.count();
    await expect(
      callerFor(admin).admin.scheduleMaintenance({ message: "Oops", startsAt: inMinutes(10), endsAt: inMinutes(5) }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { issues: [expect.objectContaining({ path: ["endsAt"], message: "The end must come after the start" })] },
    });
    await expect(
      callerFor(admin).admin.scheduleMaintenance({ message: "Late", startsAt: inMinutes(-20), endsAt: inMinutes(-10) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      callerFor(admin).admin.scheduleMaintenance({ message: "  ", startsAt: inMinutes(1), endsAt: inMinutes(2) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.maintenanceWindow.count()).toBe(count);
    expect(await db.auditEntry.count()).toBe(audits);
  });
});

describe("the audit log", () => {
  it("records a notification an admin sends, in the same transaction", async () => {
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
    await callerFor(admin).notifications.send({ recipientEmail: alice.email, title: "Audited hello" });
    const entry = await db.auditEntry.findFirst({ where: { actorId: admin.id }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ action: "notification.sent", target: alice.email, details: { title: "Audited hello" } });
  });
});

describe("admin procedures", () => {
  const adminOnly = Object.keys(appRouter._def.procedures).filter(
    (path) =>
      path.startsWith("admin.") ||
      path === "notifications.send" ||
      // Teams are managed by admins; a person may only read their own.
      (path.startsWith("teams.") && path !== "teams.mine"),
  );

  it.each(adminOnly)("%s refuses people who are not admins, and signed-out visitors", async (path) => {
    const alice = await createUser();
    const call = (caller: ReturnType<typeof callerFor>) =>
      (path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
        input: unknown,
      ) => Promise<unknown>)({});
    await expect(call(callerFor(alice))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(call(callerFor(null))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("there are admin procedures to check", () => {
    expect(adminOnly).toEqual(
      expect.arrayContaining([
        "admin.scheduleMaintenance",
        "admin.auditLog",
        "admin.sendAnnouncement",
        "admin.searchUsers",
        "notifications.send",
        "teams.create",
        "teams.addMember",
      ]),
    );
  });
});
