// Teams: an admin manages them, their members (and only they) hear the
// team's channel, everyone else is refused; and the console's announcements
// count and reach an audience as the preview said.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appRouter, createCaller } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import { db } from "@/server/db";
import { channels } from "@/lib/realtime/channel-names";
import { callerFor } from "../helpers/callers";
import { requestChannelAuth } from "../helpers/channel-auth";
import { liveHarness } from "../helpers/live-harness";
import { createUser } from "../helpers/users";

const { client } = liveHarness();

const uniqueName = (base: string) => `${base} ${randomUUID().slice(0, 8)}`;

async function teamWith(admin: Awaited<ReturnType<typeof createUser>>, people: { id: string }[]) {
  const team = await callerFor(admin).teams.create({ name: uniqueName("Team") });
  for (const person of people) await callerFor(admin).teams.addMember({ teamId: team.id, userId: person.id });
  return team;
}

describe("team channels", () => {
  it("members subscribe and hear the team's changes; a non-member is refused by the auth route, Soketi and catch-up", async () => {
    const [admin, alice, bob, carol] = await Promise.all([
      createUser({ role: "ADMIN" }),
      createUser({ name: "Alice Member" }),
      createUser(),
      createUser({ name: "Carol Newcomer" }),
    ]);
    const team = await callerFor(admin).teams.create({ name: uniqueName("Support") });
    expect(team).toMatchObject({ memberCount: 0 });
    expect(await callerFor(admin).teams.addMember({ teamId: team.id, email: alice.email.toUpperCase() })).toMatchObject({
      added: true,
      member: { id: alice.id },
    });
    const channel = channels.team(team.id);

    const alicesTab = client(alice);
    const bobsTab = client(bob);
    expect(await alicesTab.subscribe(channel)).toEqual({ ok: true });
    expect(await bobsTab.subscribe(channel)).toEqual({ ok: false, status: 403 });
    const asked = await requestChannelAuth(bob, channel, "1234.5678");
    expect(asked.status).toBe(403);
    expect(((await asked.json()) as { auth?: string }).auth).toBeUndefined();
    // Admins manage teams but are not members: they do not read the channel either.
    expect((await requestChannelAuth(admin, channel, "1234.5678")).status).toBe(403);
    expect((await requestChannelAuth(null, channel, "1234.5678")).status).toBe(403);

    await callerFor(admin).teams.addMember({ teamId: team.id, userId: carol.id });
    const [added] = await alicesTab.waitForEvents(channel, 1);
    expect(added).toMatchObject({ id: 2, type: "team.member-added", data: { member: { id: carol.id, name: "Carol Newcomer" } } });

    await callerFor(admin).teams.rename({ teamId: team.id, name: `${team.name} renamed` });
    await callerFor(admin).teams.removeMember({ teamId: team.id, userId: carol.id });
    const events = await alicesTab.waitForEvents(channel, 3);
    expect(events.map((e) => [e.id, e.type])).toEqual([
      [2, "team.member-added"],
      [3, "team.renamed"],
      [4, "team.member-removed"],
    ]);
    expect(events[1]!.data).toEqual({ team: { id: team.id, name: `${team.name} renamed` } });
    expect(events[2]!.data).toEqual({ userId: carol.id });
    expect(bobsTab.events(channel)).toEqual([]);

    // Catch-up: the member replays what she missed, the others are refused.
    const missed = await callerFor(alice).realtime.catchUp({ channel, afterId: 1 });
    expect(missed.events.map((e) => e.type)).toEqual(["team.member-added", "team.renamed", "team.member-removed"]);
    for (const outsider of [bob, carol, null]) {
      await expect(callerFor(outsider).realtime.catchUp({ channel, afterId: 0 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await callerFor(bob).realtime.catchUpMany({ channels: [{ channel, afterId: 0 }] })).toEqual([
      { channel, refused: true },
    ]);

    // What the console and the member's page show.
    expect(await callerFor(admin).teams.members({ teamId: team.id })).toEqual([
      expect.objectContaining({ id: alice.id, name: "Alice Member", email: alice.email }),
    ]);
    expect(await callerFor(alice).teams.mine()).toEqual([
      expect.objectContaining({ id: team.id, name: `${team.name} renamed`, memberCount: 1, head: 4 }),
    ]);
    expect(await callerFor(carol).teams.mine()).toEqual([]);
    expect((await callerFor(admin).teams.list()).find((t) => t.id === team.id)).toMatchObject({ memberCount: 1 });

    // Every change is in the audit log, in order.
    const audit = await db.auditEntry.findMany({ where: { actorId: admin.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "team.created",
      "team.member-added",
      "team.member-added",
      "team.renamed",
      "team.member-removed",
    ]);
    expect(audit[1]).toMatchObject({ target: `${alice.email} to ${team.name}` });

    // Deleting: the members' pages hear it, the memberships go, and the channel is closed to the former member.
    await callerFor(admin).teams.delete({ teamId: team.id });
    const afterDelete = await alicesTab.waitForEvents(channel, 4);
    expect(afterDelete[3]).toMatchObject({ id: 5, type: "team.deleted", data: { id: team.id } });
    expect(await db.teamMember.count({ where: { teamId: team.id } })).toBe(0);
    expect(await callerFor(alice).teams.mine()).toEqual([]);
    expect((await requestChannelAuth(alice, channel, "1234.5678")).status).toBe(403);
    expect((await db.auditEntry.findFirst({ where: { actorId: admin.id }, orderBy: { id: "desc" } }))?.action).toBe(
      "team.deleted",
    );
  });

  it("adding someone twice changes nothing the second time", async () => {
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
    const team = await teamWith(admin, [alice]);
    const events = await db.outboxEvent.count({ where: { channel: channels.team(team.id) } });
    const audits = await db.auditEntry.count();
    expect(await callerFor(admin).teams.addMember({ teamId: team.id, email: alice.email })).toMatchObject({ added: false });
    expect(await db.outboxEvent.count({ where: { channel: channels.team(team.id) } })).toBe(events);
    expect(await db.auditEntry.count()).toBe(audits);
  });
});

describe("refusals", () => {
  it("non-admins are refused every teams admin procedure, and nothing changes", async () => {
    const [admin, alice, bob] = await Promise.all([createUser({ role: "ADMIN" }), createUser(), createUser()]);
    const team = await teamWith(admin, [alice]);
    const validInputs: Record<string, unknown> = {
      "teams.list": undefined,
      "teams.members": { teamId: team.id },
      "teams.create": { name: uniqueName("Sneaky") },
      "teams.rename": { teamId: team.id, name: uniqueName("Hijacked") },
      "teams.delete": { teamId: team.id },
      "teams.addMember": { teamId: team.id, userId: bob.id },
      "teams.removeMember": { teamId: team.id, userId: alice.id },
    };
    const adminPaths = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("teams.") && p !== "teams.mine");
    // A new admin procedure must be added here, with an input that would succeed for an admin.
    expect(adminPaths.sort()).toEqual(Object.keys(validInputs).sort());

    const before = {
      teams: await db.team.count(),
      members: await db.teamMember.count(),
      audits: await db.auditEntry.count(),
      events: await db.outboxEvent.count({ where: { channel: channels.team(team.id) } }),
    };
    for (const path of adminPaths) {
      const [, name] = path.split(".") as [string, string];
      const call = (user: Awaited<ReturnType<typeof createUser>> | null) =>
        (callerFor(user).teams as unknown as Record<string, (input: unknown) => Promise<unknown>>)[name]!(validInputs[path]);
      await expect(call(alice), path).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(call(null), path).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    expect({
      teams: await db.team.count(),
      members: await db.teamMember.count(),
      audits: await db.auditEntry.count(),
      events: await db.outboxEvent.count({ where: { channel: channels.team(team.id) } }),
    }).toEqual(before);
    expect(await db.team.findUnique({ where: { id: team.id }, select: { name: true } })).toEqual({ name: team.name });

    // The member may read her own teams; the admin's people search stays admin-only.
    expect((await callerFor(alice).teams.mine()).map((t) => t.id)).toEqual([team.id]);
    await expect(callerFor(alice).admin.searchUsers({ query: "" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("an access token reads its owner's teams with teams:read, and never changes teams without the admin scope", async () => {
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
    const team = await teamWith(admin, [alice]);
    const withScopes = (user: typeof admin, tokenScopes: Parameters<typeof createContextInner>[0]["tokenScopes"]) =>
      createCaller(createContextInner({ user, tokenScopes }));
    expect((await withScopes(alice, ["teams:read"]).teams.mine()).map((t) => t.id)).toEqual([team.id]);
    await expect(withScopes(alice, ["notifications:read"]).teams.mine()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(withScopes(admin, ["teams:read"]).teams.create({ name: uniqueName("By token") })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await withScopes(admin, ["admin"]).teams.list()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: team.id })]),
    );
  });

  it("refuses a duplicate name (any case) with a field error, on create and rename, and stores nothing", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const name = uniqueName("Design");
    const team = await callerFor(admin).teams.create({ name });
    const other = await callerFor(admin).teams.create({ name: uniqueName("Other") });
    const teams = await db.team.count();
    const audits = await db.auditEntry.count();
    for (const attempt of [name, name.toUpperCase(), `  ${name}  `]) {
      await expect(callerFor(admin).teams.create({ name: attempt })).rejects.toMatchObject({
        code: "CONFLICT",
        message: "A team with that name already exists.",
        cause: { fieldErrors: { name: ["A team with that name already exists"] } },
      });
    }
    await expect(callerFor(admin).teams.rename({ teamId: other.id, name: name.toLowerCase() })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(callerFor(admin).teams.create({ name: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.team.count()).toBe(teams);
    expect(await db.auditEntry.count()).toBe(audits);
    expect(await db.team.findUnique({ where: { id: other.id }, select: { name: true } })).toEqual({ name: other.name });
    // Renaming a team to its own name in another case is not a clash with itself.
    expect(await callerFor(admin).teams.rename({ teamId: team.id, name: name.toUpperCase() })).toMatchObject({
      name: name.toUpperCase(),
    });
  });

  it("answers NOT_FOUND for an unknown team or person, and changes nothing", async () => {
    const [admin, alice] = await Promise.all([createUser({ role: "ADMIN" }), createUser()]);
    const team = await teamWith(admin, []);
    const audits = await db.auditEntry.count();
    const caller = callerFor(admin).teams;
    await expect(caller.addMember({ teamId: "no-such-team", userId: alice.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.addMember({ teamId: team.id, email: "nobody@test.example" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      cause: { fieldErrors: { email: ["Nobody has an account with that email"] } },
    });
    await expect(caller.addMember({ teamId: team.id, userId: "no-such-user" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.removeMember({ teamId: team.id, userId: alice.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.rename({ teamId: "no-such-team", name: uniqueName("X") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.delete({ teamId: "no-such-team" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.members({ teamId: "no-such-team" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Neither an email nor a person: a validation error.
    await expect(caller.addMember({ teamId: team.id } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.teamMember.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.auditEntry.count()).toBe(audits);
  });
});

describe("announcements", () => {
  it("the preview counts everyone, a role, a team and chosen people", async () => {
    const [admin, alice, bob] = await Promise.all([
      createUser({ role: "ADMIN" }),
      createUser({ name: "Aaron Preview" }),
      createUser({ name: "Beatrice Preview" }),
    ]);
    const team = await teamWith(admin, [bob, alice]);
    const preview = callerFor(admin).admin.previewAnnouncement;

    expect((await preview({ audience: { kind: "everyone" } })).recipients).toBe(await db.user.count());
    expect((await preview({ audience: { kind: "role", role: "ADMIN" } })).recipients).toBe(
      await db.user.count({ where: { role: "ADMIN" } }),
    );
    expect((await preview({ audience: { kind: "role", role: "USER" } })).recipients).toBe(
      await db.user.count({ where: { role: "USER" } }),
    );
    expect(await preview({ audience: { kind: "team", teamId: team.id } })).toEqual({
      recipients: 2,
      sample: ["Aaron Preview", "Beatrice Preview"],
    });
    // The same person twice counts once.
    expect(await preview({ audience: { kind: "users", userIds: [bob.id, bob.id, admin.id] } })).toMatchObject({
      recipients: 2,
    });
    await expect(preview({ audience: { kind: "team", teamId: "no-such-team" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(preview({ audience: { kind: "users", userIds: [] } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("to a team: one Broadcast row, one event on the team's channel (which members hear), and an audit entry", async () => {
    const [admin, alice, bob] = await Promise.all([createUser({ role: "ADMIN" }), createUser(), createUser()]);
    const team = await teamWith(admin, [alice, bob]);
    const channel = channels.team(team.id);
    const alicesTab = client(alice);
    expect(await alicesTab.subscribe(channel)).toEqual({ ok: true });

    const broadcasts = await db.broadcast.count();
    const events = await db.outboxEvent.count();
    const notifications = await db.notification.count();
    const sent = await callerFor(admin).admin.sendAnnouncement({
      audience: { kind: "team", teamId: team.id },
      title: "Team standup moved",
      body: "Now at 10:00",
      urgent: true,
    });
    expect(sent).toEqual({ broadcastId: expect.any(String), recipients: 2 });

    expect(await db.broadcast.count()).toBe(broadcasts + 1);
    expect(await db.broadcast.findUnique({ where: { id: sent.broadcastId! } })).toMatchObject({
      audience: "team",
      teamId: team.id,
      title: "Team standup moved",
      urgent: true,
    });
    expect(await db.outboxEvent.count()).toBe(events + 1);
    const event = await db.outboxEvent.findFirst({ where: { channel }, orderBy: { seq: "desc" } });
    expect(event).toMatchObject({ type: "broadcast.sent" });
    // No per-person rows at send time.
    expect(await db.notification.count()).toBe(notifications);
    expect(await db.auditEntry.findFirst({ where: { actorId: admin.id }, orderBy: { id: "desc" } })).toMatchObject({
      action: "announcement.sent",
      target: `team ${team.id}`,
    });

    const received = await alicesTab.waitForEvents(channel, 1);
    expect(received.at(-1)).toMatchObject({
      type: "broadcast.sent",
      data: { broadcast: { id: sent.broadcastId, title: "Team standup moved", urgent: true } },
    });
  });

  it("to chosen people: one notification each, and an audit entry", async () => {
    const [admin, alice, bob, carol] = await Promise.all([
      createUser({ role: "ADMIN" }),
      createUser(),
      createUser(),
      createUser(),
    ]);
    const sent = await callerFor(admin).admin.sendAnnouncement({
      audience: { kind: "users", userIds: [alice.id, bob.id] },
      title: "For the two of you",
      urgent: false,
    });
    expect(sent).toEqual({ broadcastId: null, recipients: 2 });
    for (const person of [alice, bob]) {
      expect(await db.notification.findMany({ where: { recipientId: person.id }, select: { title: true, type: true } })).toEqual([
        { title: "For the two of you", type: "broadcast" },
      ]);
    }
    expect(await db.notification.count({ where: { recipientId: carol.id } })).toBe(0);
    expect(await db.auditEntry.findFirst({ where: { actorId: admin.id }, orderBy: { id: "desc" } })).toMatchObject({
      action: "announcement.sent",
      target: "2 chosen people",
    });
  });

  it("the people picker finds people by name or email (with their role), at most 20", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const tag = randomUUID().slice(0, 6);
    const zed = await createUser({ name: `Zed ${tag}` });
    expect(await callerFor(admin).admin.searchUsers({ query: `zed ${tag}` })).toEqual([
      { id: zed.id, name: zed.name, email: zed.email, role: "USER" },
    ]);
    expect((await callerFor(admin).admin.searchUsers({ query: zed.email.slice(0, 12).toUpperCase() })).map((u) => u.id)).toContain(
      zed.id,
    );
    expect((await callerFor(admin).admin.searchUsers({ query: "" })).length).toBeLessThanOrEqual(20);
  });
});
