// Bad input gets a clear error and changes nothing; callers without the right
// are refused and change nothing.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { notify } from "@/server/notifications/notify";
import { callerFor } from "../helpers/callers";
import { createUser } from "../helpers/users";
import { rejection } from "../helpers/rejection";

/** Everything a failed call could have touched. */
async function snapshot() {
  const [users, notifications, events, read] = await Promise.all([
    db.user.count(),
    db.notification.count(),
    db.outboxEvent.count(),
    db.notification.count({ where: { readAt: { not: null } } }),
  ]);
  return { users, notifications, events, read };
}


describe("invalid input changes nothing", () => {
  it("refuses a notification with a bad recipient, an empty title or a bad link, naming the fields", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const before = await snapshot();
    const cases = [
      [{ recipientEmail: "not-an-email", title: "Hi" }, "recipientEmail"],
      [{ recipientEmail: "someone@test.example", title: "   " }, "title"],
      [{ recipientEmail: "someone@test.example", title: "x".repeat(121) }, "title"],
      [{ recipientEmail: "someone@test.example", title: "Hi", link: "javascript:alert(1)" }, "link"],
      [{ recipientEmail: "someone@test.example", title: "Hi", link: "//evil.example" }, "link"],
    ] as const;
    for (const [input, field] of cases) {
      const error = await rejection(callerFor(admin).notifications.send(input));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.cause?.name).toBe("ZodError");
      const flattened = (error.cause as unknown as { issues: { path: string[] }[] }).issues.map((i) => i.path[0]);
      expect(flattened).toContain(field);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses text holding NUL (PostgreSQL cannot store it), naming the field, and stores nothing", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const before = await snapshot();
    for (const [input, field] of [
      [{ recipientEmail: admin.email, title: "Hi\u0000there" }, "title"],
      [{ recipientEmail: admin.email, title: "Hi", body: "\u0000" }, "body"],
    ] as const) {
      const error = await rejection(callerFor(admin).notifications.send(input));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.cause?.name).toBe("ZodError");
      expect((error.cause as unknown as { issues: { path: string[] }[] }).issues).toEqual([
        expect.objectContaining({ path: [field], message: expect.stringContaining("NUL") }),
      ]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("says nobody has that email instead of inventing a recipient", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const before = await snapshot();
    const error = await rejection(
      callerFor(admin).notifications.send({ recipientEmail: "nobody@test.example", title: "Hi" }),
    );
    expect(error).toMatchObject({ code: "NOT_FOUND", message: "Nobody has that email address." });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses sending to people unless you are an admin", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const before = await snapshot();
    expect((await rejection(callerFor(alice).notifications.send({ recipientEmail: bob.email, title: "Hi" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await rejection(callerFor(null).notifications.send({ recipientEmail: bob.email, title: "Hi" }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("does not let anyone read or mark another person's notifications", async () => {
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    const hers = await notify({ recipientId: alice.id, type: "system.test", title: "private" });
    const before = await snapshot();
    expect((await rejection(callerFor(bob).notifications.markRead({ id: hers!.id }))).code).toBe("NOT_FOUND");
    expect((await rejection(callerFor(bob).notifications.markRead({ id: "" }))).code).toBe("BAD_REQUEST");
    expect((await rejection(callerFor(null).notifications.list({}))).code).toBe("UNAUTHORIZED");
    expect((await callerFor(bob).notifications.list({})).items).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a list page size outside 1-100", async () => {
    const alice = await createUser();
    expect((await rejection(callerFor(alice).notifications.list({ limit: 0 }))).code).toBe("BAD_REQUEST");
    expect((await rejection(callerFor(alice).notifications.list({ limit: 101 }))).code).toBe("BAD_REQUEST");
  });

  it("refuses a sign-up with a short or common password or a taken email, and creates nobody", async () => {
    const existing = await createUser();
    const before = await snapshot();
    const cases = [
      [{ name: "Eve", email: "eve@test.example", password: "short" }, "password", "Use at least 8 characters"],
      [{ name: "Eve", email: "eve@test.example", password: "password123" }, "password", "This password is too common; choose another"],
      [{ name: "", email: "eve@test.example", password: "a good long one" }, "name", "Enter your name"],
      [{ name: "Eve", email: "eve", password: "a good long one" }, "email", "Enter a valid email address"],
    ] as const;
    for (const [input, field, message] of cases) {
      const error = await rejection(callerFor(null).account.signUp(input));
      expect(error.code).toBe("BAD_REQUEST");
      const issues = (error.cause as unknown as { issues: { path: string[]; message: string }[] }).issues;
      expect(issues).toContainEqual(expect.objectContaining({ path: [field], message }));
    }
    const taken = await rejection(
      callerFor(null).account.signUp({ name: "Eve", email: existing.email.toUpperCase(), password: "a good long one" }),
    );
    expect(taken).toMatchObject({ code: "CONFLICT", message: "An account with this email already exists" });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a password change with the wrong current password and keeps the old one", async () => {
    const alice = await createUser();
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: alice.id } });
    const error = await rejection(
      callerFor(alice).account.changePassword({ currentPassword: "wrong", newPassword: "a brand new secret" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect((await db.user.findUniqueOrThrow({ where: { id: alice.id } })).passwordHash).toBe(passwordHash);
  });
});
