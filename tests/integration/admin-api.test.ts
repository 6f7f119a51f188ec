// Admin work through the REST API (announcements, maintenance, the audit log,
// roles) with an admin's token holding the `admin` scope, and only with it;
// "read by N of M" per announcement; role changes (audited, never the last
// admin, and a demoted admin's live connections end at once); and the first
// admin of an install made by `npm run admin -- promote <email>`, run as a
// real child process against this run's database.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { AccessTokenScope } from "@/lib/access-tokens/scopes";
import { restErrorOutput } from "@/lib/validation/api-outputs";
import { createAccessToken } from "@/server/access-tokens/tokens";
import type { SessionUser } from "@/server/auth";
import { broadcastCopyId } from "@/server/notifications/copy-broadcasts";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { requestChannelAuth } from "../helpers/channel-auth";
import { liveHarness } from "../helpers/live-harness";
import { rest } from "../helpers/rest";
import { createUser } from "../helpers/users";

const { client: tab } = liveHarness();

async function tokenFor(user: SessionUser, scopes: AccessTokenScope[]) {
  return (await createAccessToken({ actor: user, name: "deploy", scopes })).token;
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

async function teamOf(admin: SessionUser, people: SessionUser[]) {
  const team = await callerFor(admin).teams.create({ name: `Readers ${people[0]!.id}` });
  for (const person of people) await callerFor(admin).teams.addMember({ teamId: team.id, userId: person.id });
  return team;
}

describe("admin work over REST", () => {
  it("an admin token with the admin scope announces, schedules and cancels maintenance, and reads the audit log", async () => {
    const [admin, alice, bob] = await Promise.all([createUser({ role: "ADMIN", name: "Deploy Bot" }), createUser(), createUser()]);
    const team = await teamOf(admin, [alice, bob]);
    const token = await tokenFor(admin, ["admin"]);

    const sent = await rest("POST", "/admin/announcements", token, {
      audience: { kind: "team", teamId: team.id },
      title: "Deploying v2.3",
      body: "Back in five minutes",
    });
    expect(sent).toMatchObject({ status: 200, json: { recipients: 2 } });
    const broadcastId = sent.json.broadcastId as string;

    const toPeople = await rest("POST", "/admin/announcements", token, {
      audience: { kind: "users", userIds: [alice.id] },
      title: "Just for you",
    });
    expect(toPeople).toMatchObject({ status: 200, json: { broadcastId: null, recipients: 1 } });

    const listed = await rest("GET", "/admin/announcements?limit=5", token);
    expect(listed.status).toBe(200);
    const items = listed.json.items as { id: string }[];
    expect(items.find((a) => a.id === broadcastId)).toMatchObject({
      title: "Deploying v2.3",
      senderName: "Deploy Bot",
      audience: { kind: "team", team: { id: team.id } },
      reached: 2,
      read: 0,
    });

    const window = await rest("POST", "/admin/maintenance", token, {
      message: "Database upgrade",
      startsAt: inMinutes(5),
      endsAt: inMinutes(35),
    });
    expect(window).toMatchObject({ status: 200, json: { message: "Database upgrade" } });
    const windowId = window.json.id as string;
    const upcoming = await rest("GET", "/admin/maintenance", token);
    expect((upcoming.json.windows as { id: string }[]).map((w) => w.id)).toContain(windowId);
    expect(await rest("DELETE", `/admin/maintenance/${windowId}`, token)).toMatchObject({ status: 200, json: { id: windowId } });
    expect(await rest("DELETE", `/admin/maintenance/${windowId}`, token)).toMatchObject({ status: 404 });

    const log = await rest("GET", "/admin/audit-log?limit=10", token);
    expect(log.status).toBe(200);
    const mine = (log.json.items as { action: string; actor: { name: string } }[]).filter((e) => e.actor.name === "Deploy Bot");
    expect(mine.map((e) => e.action)).toEqual(
      expect.arrayContaining(["maintenance.cancelled", "maintenance.scheduled", "announcement.sent"]),
    );
  });

  it("a token without the admin scope, or of a person who is not an admin, gets 403 in the documented shape and changes nothing", async () => {
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
    const withoutScope = await tokenFor(admin, ["notifications:read", "notifications:write", "posts:write"]);
    const notAdmin = await tokenFor(alice, ["notifications:read"]);
    const broadcastsBefore = await db.broadcast.count();

    for (const token of [withoutScope, notAdmin]) {
      const calls = [
        rest("POST", "/admin/announcements", token, { audience: { kind: "everyone" }, title: "Not allowed" }),
        rest("GET", "/admin/announcements", token),
        rest("GET", "/admin/audit-log", token),
        rest("GET", "/admin/maintenance", token),
        rest("POST", "/admin/maintenance", token, { message: "No", startsAt: inMinutes(1), endsAt: inMinutes(2) }),
        rest("PUT", `/admin/people/${alice.id}/role`, token, { role: "ADMIN" }),
      ];
      for (const answer of await Promise.all(calls)) {
        expect(answer.status).toBe(403);
        expect(restErrorOutput.parse(answer.json)).toMatchObject({ code: "FORBIDDEN", data: { httpStatus: 403 } });
      }
    }
    const refused = await rest("GET", "/admin/audit-log", withoutScope);
    expect(refused.json.message).toBe("This access token lacks the admin scope.");
    expect(await db.broadcast.count()).toBe(broadcastsBefore);
    expect((await db.user.findUniqueOrThrow({ where: { id: alice.id } })).role).toBe("USER");
    expect(await rest("GET", "/admin/audit-log", null)).toMatchObject({ status: 401 });
  });
});

describe("read by N of M", () => {
  it("counts the people an announcement reached when it was sent and those who have read their copy", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const readers = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
    const team = await teamOf(admin, readers);
    // Turned announcements off in the app: not reached (no copy is made for them).
    await db.notificationPreference.create({ data: { userId: readers[3]!.id, type: "broadcast", inApp: false, push: true } });

    const sent = await callerFor(admin).admin.sendAnnouncement({
      audience: { kind: "team", teamId: team.id },
      title: "Quarterly review",
      body: "",
      urgent: false,
    });
    expect(sent.recipients).toBe(3);
    // Sending wrote no copy: people's copies are made when they look.
    expect(await db.notification.count({ where: { broadcastId: sent.broadcastId } })).toBe(0);

    const stats = async () =>
      (await callerFor(admin).admin.announcements({ limit: 20 })).items.find((a) => a.id === sent.broadcastId)!;
    expect(await stats()).toMatchObject({ reached: 3, read: 0 });

    // Two read it (one marks it read, one marks everything read); one only looks at the inbox.
    await callerFor(readers[0]!).notifications.summary();
    await callerFor(readers[0]!).notifications.markRead({ id: broadcastCopyId(sent.broadcastId!, readers[0]!.id) });
    await callerFor(readers[1]!).notifications.summary();
    await callerFor(readers[1]!).notifications.markAllRead();
    await callerFor(readers[2]!).notifications.summary();
    // Joined the team after it was sent: it never reaches them, nor its count.
    const late = await createUser();
    await callerFor(admin).teams.addMember({ teamId: team.id, userId: late.id });
    await callerFor(late).notifications.markAllRead();

    expect(await stats()).toMatchObject({ reached: 3, read: 2 });
    const token = await tokenFor(admin, ["admin"]);
    const listed = await rest("GET", "/admin/announcements?limit=20", token);
    expect((listed.json.items as { id: string }[]).find((a) => a.id === sent.broadcastId)).toMatchObject({ reached: 3, read: 2 });
  });
});

describe("changing a person's role", () => {
  it("a demoted admin loses private-admin at once: their sockets close and the channel refuses them; audited", async () => {
    const [admin, other] = await Promise.all([createUser({ role: "ADMIN", name: "Head Admin" }), createUser({ role: "ADMIN" })]);
    const otherTab = tab(other);
    expect(await otherTab.subscribe(channels.admin())).toEqual({ ok: true });
    expect(await otherTab.subscribe(channels.user(other.id))).toEqual({ ok: true });
    await otherTab.signedIn();

    const result = await callerFor(admin).admin.changeRole({ userId: other.id, role: "USER" });
    expect(result).toMatchObject({ changed: true, user: { id: other.id, role: "USER" } });
    await otherTab.waitForState("disconnected");

    // Their tab connects again, as the browser does: private-admin refuses them, their own channel does not.
    otherTab.reconnect();
    await otherTab.waitForState("connected");
    expect(await otherTab.waitForRefusal(channels.admin())).toBe(403);
    await otherTab.waitForSubscribed(channels.user(other.id));
    expect((await requestChannelAuth(other, channels.admin(), "1234.5678")).status).toBe(403);
    // Their session lives on, as a user's: admin procedures refuse it.
    await expect(callerFor({ ...other, role: "USER" }).admin.auditLog({ limit: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const [entry] = (await callerFor(admin).admin.auditLog({ limit: 1 })).items;
    expect(entry).toMatchObject({
      action: "user.role-changed",
      target: other.email,
      actor: { name: "Head Admin" },
      details: { from: "ADMIN", to: "USER" },
    });
  });

  it("over REST too, and the same role again changes nothing", async () => {
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
    const token = await tokenFor(admin, ["admin"]);
    const found = await rest("GET", `/admin/people?query=${encodeURIComponent(alice.email)}`, token);
    expect(found).toMatchObject({ status: 200, json: [{ id: alice.id, role: "USER" }] });
    expect(await rest("PUT", `/admin/people/${alice.id}/role`, token, { role: "ADMIN" })).toMatchObject({
      status: 200,
      json: { changed: true, user: { id: alice.id, role: "ADMIN" } },
    });
    const entries = await db.auditEntry.count({ where: { action: "user.role-changed", target: alice.email } });
    expect(await rest("PUT", `/admin/people/${alice.id}/role`, token, { role: "ADMIN" })).toMatchObject({
      status: 200,
      json: { changed: false },
    });
    expect(await db.auditEntry.count({ where: { action: "user.role-changed", target: alice.email } })).toBe(entries);
    expect(await rest("PUT", `/admin/people/nobody-here/role`, token, { role: "USER" })).toMatchObject({ status: 404 });
  });

  it("refuses to demote the last admin", async () => {
    const [only, next] = await Promise.all([createUser({ role: "ADMIN", name: "Only Admin" }), createUser()]);
    // This install's only admin: the other tests' admins become users.
    await db.user.updateMany({ where: { role: "ADMIN", id: { not: only.id } }, data: { role: "USER" } });

    await expect(callerFor(only).admin.changeRole({ userId: only.id, role: "USER" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("Only Admin is the only admin"),
    });
    const token = await tokenFor(only, ["admin"]);
    const refused = await rest("PUT", `/admin/people/${only.id}/role`, token, { role: "USER" });
    expect(refused.status).toBe(409);
    expect(restErrorOutput.parse(refused.json)).toMatchObject({ code: "CONFLICT", data: { fieldErrors: { role: [expect.any(String)] } } });
    expect((await db.user.findUniqueOrThrow({ where: { id: only.id } })).role).toBe("ADMIN");

    // Two admins demoting each other at once: one succeeds, the other is refused; one admin is left.
    await callerFor(only).admin.changeRole({ userId: next.id, role: "ADMIN" });
    const results = await Promise.allSettled([
      callerFor(only).admin.changeRole({ userId: next.id, role: "USER" }),
      callerFor({ ...next, role: "ADMIN" }).admin.changeRole({ userId: only.id, role: "USER" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: expect.stringMatching(/CONFLICT|FORBIDDEN/) } });
    expect(await db.user.count({ where: { role: "ADMIN" } })).toBe(1);
  });
});

describe("npm run admin -- promote <email>", () => {
  const run = promisify(execFile);
  const root = path.resolve(import.meta.dirname, "../..");
  const promote = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
      cwd: root,
      // Only the database: the command needs no other setting of the app.
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: process.env.DATABASE_URL },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it("makes an existing account an admin, audited as done by the command line; says so when already one", async () => {
    const alice = await createUser({ name: "First Admin" });
    const first = await promote("promote", alice.email.toUpperCase());
    expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining(`First Admin (${alice.email}) is now an admin`) });
    expect((await db.user.findUniqueOrThrow({ where: { id: alice.id } })).role).toBe("ADMIN");
    const [entry] = (await callerFor({ ...alice, role: "ADMIN" }).admin.auditLog({ limit: 1 })).items;
    expect(entry).toMatchObject({
      action: "user.role-changed",
      target: alice.email,
      actor: { name: "The command line", email: null },
      details: { from: "USER", to: "ADMIN", via: "command line" },
    });

    const again = await promote("promote", alice.email);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining("is already an admin; nothing changed") });
  });

  it("explains an unknown email, a malformed one and a wrong command, and exits with 1", async () => {
    expect(await promote("promote", "nobody-at-all@example.com")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("No account has the email nobody-at-all@example.com"),
    });
    expect(await promote("promote", "not-an-email")).toMatchObject({ code: 1, stderr: expect.stringContaining("is not an email address") });
    expect(await promote("demolish")).toMatchObject({ code: 1, stderr: expect.stringContaining("Usage: npm run admin -- promote <email>") });
  });
});
