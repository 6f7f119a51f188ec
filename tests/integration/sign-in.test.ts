// Signing in: right and wrong passwords, and the limits on repeated failures
// (per email and per address), through next-auth's credentials provider.
import { describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth";
import { SIGN_IN_LIMITS, slowDownMs } from "@/server/accounts/sign-in-limiter";
import { callerFor } from "../helpers/callers";
import { createUser, TEST_PASSWORD } from "../helpers/users";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

function signIn(email: string, password: string, address = "203.0.113.7") {
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": address } });
}

describe("sign-in", () => {
  it("signs in with the right password, case-insensitively on the email, and exposes id and role", async () => {
    const alice = await createUser({ role: "ADMIN" });
    expect(await signIn(alice.email.toUpperCase(), TEST_PASSWORD)).toEqual({
      id: alice.id,
      email: alice.email,
      name: alice.name,
      role: "ADMIN",
    });
  });

  it("answers a wrong password and an unknown email with the same message", async () => {
    const alice = await createUser();
    await expect(signIn(alice.email, "not it", "203.0.113.8")).rejects.toThrow("Wrong email or password.");
    await expect(signIn("nobody@test.example", "not it", "203.0.113.8")).rejects.toThrow("Wrong email or password.");
  });

  it(`refuses an email for a while after ${SIGN_IN_LIMITS.perEmail.points} failures, even with the right password`, async () => {
    const alice = await createUser();
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.points; i++) {
      await expect(signIn(alice.email, `guess ${i}`, `198.51.100.${i}`)).rejects.toThrow("Wrong email or password.");
    }
    await expect(signIn(alice.email, TEST_PASSWORD, "198.51.100.99")).rejects.toThrow(
      /^Too many failed sign-ins\. Try again in 15 minutes\.$/,
    );
    // Other people are not locked out by Alice's attacker.
    const bob = await createUser();
    await expect(signIn(bob.email, TEST_PASSWORD, "198.51.100.99")).resolves.toMatchObject({ id: bob.id });
  }, 60_000);

  it(`refuses an address after ${SIGN_IN_LIMITS.perAddress.points} failures across many emails`, async () => {
    const address = "192.0.2.44";
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress.points; i++) {
      await expect(signIn(`someone-${i}@test.example`, "guess", address)).rejects.toThrow("Wrong email or password.");
    }
    const bob = await createUser();
    await expect(signIn(bob.email, TEST_PASSWORD, address)).rejects.toThrow(/Too many failed sign-ins/);
    await expect(signIn(bob.email, TEST_PASSWORD, "192.0.2.45")).resolves.toMatchObject({ id: bob.id });
  }, 60_000);

  it("slows answers after a few failures, up to a cap", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(slowDownMs)).toEqual([0, 0, 750, 1500, 2250, 3000, 3000]);
  });
});

describe("accounts", () => {
  it("signs up, then signs in with the new password; changes name and password", async () => {
    const email = `new-${Date.now()}@test.example`;
    const created = await callerFor(null).account.signUp({ name: "  Nia  ", email: ` ${email.toUpperCase()} `, password: "a long passphrase" });
    expect(created).toMatchObject({ name: "Nia", email, role: "USER" });
    const user = await signIn(email, "a long passphrase", "192.0.2.200");
    expect(user).toMatchObject({ id: created.id });

    const me = callerFor(created);
    expect(await me.account.updateProfile({ name: "Nia N." })).toMatchObject({ name: "Nia N." });
    await me.account.changePassword({ currentPassword: "a long passphrase", newPassword: "another passphrase" });
    await expect(signIn(email, "a long passphrase", "192.0.2.201")).rejects.toThrow("Wrong email or password.");
    expect(await signIn(email, "another passphrase", "192.0.2.202")).toMatchObject({ id: created.id });
  });
});
